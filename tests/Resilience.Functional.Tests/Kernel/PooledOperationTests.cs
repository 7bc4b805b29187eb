using Microsoft.Extensions.Time.Testing;
using Operation = System.Func<System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<LanguageExt.Either<LanguageExt.Common.Error, int>>>;

namespace Resilience.Functional.Tests;

/// <summary>
/// Every combinator consumes the <see cref="ValueTask{TResult}"/> an operation returns exactly once, so operations
/// backed by pooled value-task sources work under all of them: completed synchronously or later, success or error.
/// </summary>
public sealed class PooledOperationTests
{
    private static readonly Error Permanent = Error.New(400, "bad request");

    private static readonly Operation Three = Op.Succeed(3);

    private static readonly Dictionary<string, Func<Operation, Operation>> Combinators = new()
    {
        ["Run"] = op => ct => op.Run(ct),
        ["Map"] = op => op.Map(x => x + 1),
        ["Bind"] = op => op.Bind(_ => Three),
        ["Bind (second)"] = op => Op.Succeed(1).Bind(_ => op),
        ["SelectMany"] = op => op.SelectMany(_ => Three, (a, b) => a + b),
        ["SelectMany (second)"] = op => Op.Succeed(3).SelectMany(_ => op, (a, b) => a + b),
        ["Where"] = op => op.Where(_ => true),
        ["Flatten"] = op => op.Map(Right<Error, int>).Flatten(),
        ["MapError"] = op => op.MapError(e => e),
        ["Recover"] = op => op.Recover(_ => Op.Succeed(-1)),
        ["Recover (second)"] = op => Op.Fail<int>(Permanent).Recover(_ => op),
        ["Tap"] = op => op.Tap(_ => { }),
        ["WithFallback value"] = op => op.WithFallback(-1),
        ["WithFallback operation"] = op => op.WithFallback(Op.Succeed(-1)),
        ["WithFallback options"] = op => op.WithFallback(new FallbackOptions<int>(_ => Op.Succeed(-1)) { OnFallback = _ => { } }),
        ["WithFallback (fallback pooled)"] = op => Op.Fail<int>(Permanent).WithFallback(op),
        ["WithFallbackTagged"] = op => op.WithFallbackTagged(Op.Succeed(-1)).Map(s => s.Value),
        ["WithLastKnownGood"] = op => op.WithLastKnownGood(new LastKnownGoodCache<string, int>(new LastKnownGoodOptions { TimeProvider = new FakeTimeProvider() }), "key"),
        ["WithRetry"] = op => op.WithRetry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromSeconds(1)).MaxRetries(2), TimeProvider = new FakeTimeProvider() }),
        ["WithRetry budget"] = op => op.WithRetry(new RetryOptions { Budget = new TokenRatioRetryBudget(10, 0.1), TimeProvider = new FakeTimeProvider() }),
        ["WithHedging"] = op => op.WithHedging(new HedgingOptions { TimeProvider = new FakeTimeProvider() }),
        ["WithBulkhead"] = op => op.WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = 2 })),
        ["WithConcurrencyLimit"] = op => op.WithConcurrencyLimit(new AdaptiveConcurrencyLimiter(new AdaptiveConcurrencyOptions { InitialLimit = 2 })),
        ["WithChaos fault"] = op => op.WithChaos(new ChaosController(new ChaosOptions { Random = new Random(1) }), new ChaosFault(1e-9, Permanent)),
        ["WithChaos latency"] = op => op.WithChaos(new ChaosController(new ChaosOptions { Random = new Random(1) }), new ChaosLatency(1e-9, TimeSpan.FromSeconds(1))),
        ["WithPolicy (retry, nobody listening)"] = op => op.WithPolicy(Policy.Retry(new RetryOptions { TimeProvider = new FakeTimeProvider() })),
    };

    internal static IEnumerable<string> CombinatorNames => Combinators.Keys;

    internal static Func<Operation, Operation> Build(string combinator) => Combinators[combinator];

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var name in Combinators.Keys)
        {
            foreach (var synchronous in new[] { true, false })
            {
                foreach (var success in new[] { true, false })
                {
                    data.Add(name, synchronous, success);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_pooled_operation_is_consumed_once(string combinator, bool synchronous, bool success)
    {
        var outcome = success ? Right<Error, int>(42) : Left<Error, int>(Permanent);

        var (outcomes, misuses) = await RunPooled(Combinators[combinator], outcome, synchronous);

        var expected = Show(await Combinators[combinator](_ => new(outcome))(CancellationToken.None));
        Assert.Equal([expected, expected, expected], outcomes);
        Assert.Equal(0, misuses);
    }

    /// <summary>Three calls in a row through one combinator, all on the same pooled source, as a pool reuses it.</summary>
    internal static async Task<(List<string> Outcomes, int Misuses)> RunPooled(Func<Operation, Operation> build, Either<Error, int> outcome, bool synchronous)
    {
        var pooled = new PooledOperation(outcome, synchronous);
        var op = build(pooled.Invoke);
        var outcomes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            try
            {
                var call = op(CancellationToken.None);
                if (pooled.Pending)
                {
                    pooled.Complete();
                }

                outcomes.Add(Show(await call));
            }
            catch (Exception ex)
            {
                outcomes.Add($"threw {ex.GetType().Name}");
            }
        }

        return (outcomes, pooled.Misuses);
    }

    internal static string Show(Either<Error, int> result) => result.Match(Right: v => $"Right {v}", Left: e => $"Left {e.Message}");
}
