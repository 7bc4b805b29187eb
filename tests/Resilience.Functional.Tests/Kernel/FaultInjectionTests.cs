using Microsoft.Extensions.Time.Testing;
using static Resilience.Functional.Tests.ExtensionPoints;
using Operation = System.Func<System.Threading.CancellationToken, System.Threading.Tasks.ValueTask<LanguageExt.Either<LanguageExt.Common.Error, int>>>;

namespace Resilience.Functional.Tests;

/// <summary>
/// Fault injection over combinator set-ups: every user extension point throws in turn (budgets, hints, observers,
/// classifiers, backoffs, random sources, the functions given to LINQ and fallbacks, the operation itself), under
/// every combinator, against synchronous and asynchronous downstreams; no exception may escape and no outcome may be
/// bottom. Bounded: 18 faults × 9 wrappers × 4 downstreams × 12 calls, each set-up on its own fake clock for at most 20
/// virtual seconds.
/// </summary>
public sealed class FaultInjectionTests
{
    private static readonly Either<Error, int> Fail = Left<Error, int>(Downstream.Transient);
    private static readonly Either<Error, int> Ok = Right<Error, int>(42);
    private const int Calls = 12;

    /// <summary>What a fault changes: the retry settings, the fallback settings, or the operation.</summary>
    private sealed record Fault(string Name, Func<RetryOptions, RetryOptions> Retry, Func<FallbackOptions<int>, FallbackOptions<int>> Fallback, Func<Operation, Operation> Operation, Random? Random = null);

    private static Fault Budget(string member) => new($"budget.{member}", r => r with { Budget = new ThrowingBudget(member) }, f => f, o => o);

    private static readonly Fault[] Faults =
    [
        Budget(nameof(RetryBudget.Deposit)),
        Budget(nameof(RetryBudget.TryWithdraw)),
        Budget(nameof(RetryBudget.RecordSuccess)),
        Budget(nameof(RetryBudget.RecordFailure)),
        Budget("all"),
        new("hint", r => r with { Classifier = Everything }, f => f, o => ct => Then(o, ct, _ => Left<Error, int>(new BrokenHintError()))),
        new("saturated hint", r => r, f => f, o => ct => Then(o, ct, _ => Left<Error, int>(new CircuitOpenError(TimeSpan.FromDays(365.25 * 5000))))),
        new("OnRetry", r => r with { OnRetry = _ => throw new Bomb() }, f => f, o => o),
        new("OnFallback", r => r, f => f with { OnFallback = _ => throw new Bomb() }, o => o),
        new("ShouldHandle", r => r, f => f with { ShouldHandle = _ => throw new Bomb() }, o => o),
        new("fallback function", r => r, _ => new FallbackOptions<int>(_ => throw new Bomb()), o => o),
        new("classifier", r => r with { Classifier = ErrorClassifier.Create(_ => throw new Bomb()) }, f => f, o => o),
        new("backoff", r => r with { Backoff = Backoff.FromFunction(_ => throw new Bomb(), "throws") }, f => f, o => o),
        new("map", r => r, f => f, o => o.Map<int, int>(_ => throw new Bomb())),
        new("bind", r => r, f => f, o => o.Bind<int, int>(_ => throw new Bomb())),
        new("operation throws", r => r, f => f, _ => _ => throw new Bomb()),
        new("operation faults", r => r, f => f, _ => _ => ValueTask.FromException<Either<Error, int>>(new Bomb())),
        new("operation is bottom", r => r, f => f, _ => _ => default, new ThrowingRandom()),
    ];

    private static readonly Dictionary<string, Func<Operation, Fault, FakeTimeProvider, Operation>> Wrappers = new()
    {
        ["retry"] = (op, f, clock) => op.WithRetry(RetryWith(f, clock)),
        ["retry policy"] = (op, f, clock) => op.WithPolicy(Policy.Retry(RetryWith(f, clock)).Named("faults")),
        ["fallback over retry"] = (op, f, clock) => op.WithRetry(RetryWith(f, clock)).WithFallback(f.Fallback(new FallbackOptions<int>(_ => Op.Succeed(-1)))),
        ["tagged fallback"] = (op, f, _) => op.WithFallbackTagged(f.Fallback(new FallbackOptions<int>(_ => Op.Succeed(-1)))).Map(s => s.Value),
        ["hedging over retry"] = (op, f, clock) => op.WithRetry(RetryWith(f, clock)).WithHedging(new HedgingOptions { TimeProvider = clock, Delay = TimeSpan.FromMilliseconds(30) }),
        ["bulkhead over retry"] = (op, f, clock) => op.WithRetry(RetryWith(f, clock)).WithBulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = Calls / 2, MaxQueueLength = Calls, TimeProvider = clock })),
        ["chaos"] = (op, f, clock) => op.WithChaos(new ChaosController(new ChaosOptions { Random = f.Random ?? new Random(3), TimeProvider = clock }), new ChaosFault(0.3, Downstream.Transient))
            .WithChaos(new ChaosController(new ChaosOptions { Random = f.Random ?? new Random(4), TimeProvider = clock }), new ChaosLatency(0.3, TimeSpan.FromMilliseconds(20))),
        ["query"] = (op, f, clock) => from a in op.WithRetry(RetryWith(f, clock)) from b in op select a + b,
        ["pipeline"] = (op, f, clock) => op.WithPolicy(Policy.Pipeline(
            Policy.Bulkhead(new Bulkhead(new BulkheadOptions { MaxConcurrency = Calls, TimeProvider = clock })),
            Policy.Retry(RetryWith(f, clock)),
            Policy.Hedging(new HedgingOptions { TimeProvider = clock, Delay = TimeSpan.FromMilliseconds(30) }))),
    };

    private static RetryOptions RetryWith(Fault fault, FakeTimeProvider clock) =>
        fault.Retry(new RetryOptions { Backoff = Backoff.Constant(TimeSpan.FromMilliseconds(10)).MaxRetries(3), TimeProvider = clock, Random = new Random(5) });

    private static ValueTask<Either<Error, int>> Then(Operation op, CancellationToken ct, Func<Either<Error, int>, Either<Error, int>> replace)
    {
        var pending = op.Run(ct);
        return pending.IsCompletedSuccessfully ? new(replace(pending.Result)) : Later(pending, replace);
    }

    private static async ValueTask<Either<Error, int>> Later(ValueTask<Either<Error, int>> pending, Func<Either<Error, int>, Either<Error, int>> replace) =>
        replace(await pending.ConfigureAwait(false));

    private static Dictionary<string, Func<FakeTimeProvider, Operation>> Downstreams() => new()
    {
        ["sync, flaky"] = clock => new Downstream(clock).Scripted(Fail, Ok, Fail, Fail, Ok, Ok, Fail),
        ["sync, down"] = clock => new Downstream(clock).Scripted(Fail),
        ["async, flaky"] = clock =>
        {
            var n = 0;
            return async ct => await Waits.Delay(clock, TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false) && Interlocked.Increment(ref n) % 3 == 0 ? Ok : Fail;
        },
        ["async, faults"] = clock => async ct =>
        {
            await Waits.Delay(clock, TimeSpan.FromMilliseconds(50), ct).ConfigureAwait(false);
            throw new Bomb();
        },
    };

    [Fact]
    public void No_exception_escapes_any_set_up_with_throwing_extension_points()
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var escaped = new List<string>();
            var runs = 0;
            foreach (var fault in Faults)
            {
                foreach (var (wrapperName, wrap) in Wrappers)
                {
                    foreach (var (downstreamName, downstream) in Downstreams())
                    {
                        var clock = new FakeTimeProvider();
                        var setUp = $"{fault.Name} / {wrapperName} / {downstreamName}";
                        var op = Build(() => wrap(fault.Operation(downstream(clock)), fault, clock), setUp, escaped);
                        if (op is not null)
                        {
                            runs += Drive(op, clock, setUp, escaped, queues: wrapperName == "bulkhead over retry");
                        }
                    }
                }
            }

            Assert.Equal(Faults.Length * Wrappers.Count * Downstreams().Count * Calls, runs);
            Assert.Empty(escaped);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private static Operation? Build(Func<Operation> build, string setUp, List<string> escaped)
    {
        try
        {
            return build();
        }
        catch (Exception ex)
        {
            escaped.Add($"{setUp}: building threw {ex.GetType().Name}");
            return null;
        }
    }

    /// <summary>
    /// Starts every call, then advances the fake clock in bounded steps until all have finished. Waits resume inline
    /// when the fake clock fires them; a bulkhead that <paramref name="queues"/> hands its permits to waiters on the
    /// thread pool, so each step then lets those continuations run (bounded) before the clock moves on.
    /// </summary>
    private static int Drive(Operation op, FakeTimeProvider clock, string setUp, List<string> escaped, bool queues)
    {
        var tasks = new List<Task<Either<Error, int>>>();
        for (var i = 0; i < Calls; i++)
        {
            try
            {
                tasks.Add(op(CancellationToken.None).AsTask());
            }
            catch (Exception ex)
            {
                escaped.Add($"{setUp}: call threw {ex.GetType().Name}");
            }
        }

        for (var step = 0; step < 2_000 && !tasks.All(t => t.IsCompleted); step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            if (queues)
            {
                SpinWait.SpinUntil(() => tasks.All(t => t.IsCompleted), 1);
            }
        }

        foreach (var task in tasks)
        {
            if (!task.IsCompleted)
            {
                escaped.Add($"{setUp}: a call never finished");
            }
            else if (task.IsFaulted)
            {
                escaped.Add($"{setUp}: a call faulted with {task.Exception!.InnerException!.GetType().Name}");
            }
            else if (task.Result.IsBottom)
            {
                escaped.Add($"{setUp}: a call returned bottom");
            }
        }

        return tasks.Count;
    }
}
