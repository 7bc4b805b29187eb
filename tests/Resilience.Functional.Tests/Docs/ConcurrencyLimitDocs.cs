// The code of docs/concurrency-limit.md, compiled and run; the page shows the regions between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class ConcurrencyLimitDocs
{
    [Fact]
    public async Task A_limiter_sheds_beyond_its_current_limit_and_drops_lower_it()
    {
        var release = new TaskCompletionSource<Either<Error, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<Either<Error, string>>> report = _ => new(release.Task); // a slow call

        // snippet: concurrency-limit
        // One limiter per downstream it protects, shared by every call to it.
        var limiter = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions
        {
            Algorithm = new Gradient2Options(),   // the default; or new AimdOptions()
            InitialLimit = 2,
            MinLimit = 1,
            MaxLimit = 100,
        });
        var guarded = report.WithConcurrencyLimit(limiter);

        var first = guarded.Run(CancellationToken.None);          // takes one of the 2 slots
        var second = guarded.Run(CancellationToken.None);         // takes the other
        var third = await guarded.Run(CancellationToken.None);    // Left(ConcurrencyLimitExceededError { Limit = 2, MaxQueue = 0 })
        var busy = (limiter.InFlight, limiter.Limit);             // (2, 2)
        // end snippet

        Assert.Equal(new ConcurrencyLimitExceededError(2, 0), (Error)third);
        Assert.Equal((2, 2), busy);
        release.SetResult("done");
        Assert.Equal("done", (string)await first);
        Assert.Equal("done", (string)await second);
        Assert.Equal(0, limiter.InFlight);

        // snippet: concurrency-limit-drops
        var aimd = new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions
        {
            Algorithm = new AimdOptions { BackoffRatio = 0.5 },
            InitialLimit = 8,
        });
        var failing = Op.Fail<string>(new HttpStatusError(503)).WithConcurrencyLimit(aimd);
        var invalid = Op.Fail<string>(new HttpStatusError(400)).WithConcurrencyLimit(aimd);

        await failing.Run(CancellationToken.None);   // a drop (transient): 8 × 0.5
        await invalid.Run(CancellationToken.None);   // permanent: no sample, the limit stays
        var limit = aimd.Limit;                      // 4
        // end snippet

        Assert.Equal(4, limit);
    }
}
