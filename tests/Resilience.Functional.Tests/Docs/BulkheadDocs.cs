// The code of docs/bulkhead.md, compiled and run; the page shows the region between the snippet markers.
namespace Resilience.Functional.Tests.Docs;

public class BulkheadDocs
{
    [Fact]
    public async Task A_full_bulkhead_rejects_at_once_and_frees_its_slot_on_every_path()
    {
        var release = new TaskCompletionSource<Either<Error, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<Either<Error, string>>> report = _ => new(release.Task); // a slow call

        // snippet: bulkhead
        // One bulkhead per resource it protects, shared by every call to it.
        var bulkhead = new Bulkhead(new BulkheadOptions { MaxConcurrency = 1, MaxQueueLength = 0 });
        var guarded = report.WithBulkhead(bulkhead);

        var first = guarded.Run(CancellationToken.None);          // takes the only slot
        var second = await guarded.Run(CancellationToken.None);   // Left(BulkheadFullError { MaxConcurrency = 1, MaxQueue = 0 })
        var busy = (bulkhead.InUse, bulkhead.Available);          // (1, 0)
        // end snippet

        Assert.Equal(new BulkheadFullError(1, 0), (Error)second);
        Assert.Same(bulkhead.FullError, (Error)second);
        Assert.Equal((1, 0), busy);
        release.SetResult("done");
        Assert.Equal("done", (string)await first);
        Assert.Equal((0, 1), (bulkhead.InUse, bulkhead.Available));
    }
}
