namespace Resilience.Functional.Testing.Tests;

using Operation = Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>>;

/// <summary>Hand-rolled pipelines standing in for the library's combinators in these tests.</summary>
internal static class Pipelines
{
    public static Operation None(Operation op) => op;

    /// <summary>The anti-pattern: retry every error at once, up to <paramref name="attempts"/> attempts in all.</summary>
    public static Func<Operation, Operation> RetryWithoutBackoff(int attempts) => op => async ct =>
    {
        var last = await op.Run(ct).ConfigureAwait(false);
        for (var i = 1; i < attempts && last.IsLeft && !ct.IsCancellationRequested; i++)
        {
            last = await op.Run(ct).ConfigureAwait(false);
        }

        return last;
    };

    /// <summary>
    /// A per-attempt timeout, then retries with full-jitter exponential backoff drawn from the simulation's random
    /// source, all on its clock: exercises timers, linked cancellation and seeded randomness.
    /// </summary>
    public static Func<Operation, Operation> JitteredRetryWithTimeout(Simulation simulation, int attempts, TimeSpan timeout) => op => async ct =>
    {
        Either<Error, SimulatedReply> last = default;
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                var backoff = TimeSpan.FromMilliseconds(simulation.Random.NextDouble() * 100 * (1 << i));
                await Task.Delay(backoff, simulation.Time, ct).ConfigureAwait(false);
            }

            using var deadline = new CancellationTokenSource(timeout, simulation.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            last = await op.Run(linked.Token).ConfigureAwait(false);
            if (last.IsLeft && deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                last = Either<Error, SimulatedReply>.Left(new TimeoutError(timeout));
            }

            if (last.IsRight || ct.IsCancellationRequested)
            {
                return last;
            }
        }

        return last;
    };

    /// <summary>A toy consecutive-failure breaker whose state a probe can read: open after 5 failures, for 5 s.</summary>
    public sealed class ToyBreaker(TimeProvider time)
    {
        private int failures;
        private DateTimeOffset openUntil = DateTimeOffset.MinValue;

        public string State => time.GetUtcNow() < openUntil ? "Open" : failures >= 5 ? "HalfOpen" : "Closed";

        public Operation Wrap(Operation op) => async ct =>
        {
            if (State == "Open")
            {
                return Either<Error, SimulatedReply>.Left(new CircuitOpenError(openUntil - time.GetUtcNow()));
            }

            var result = await op.Run(ct).ConfigureAwait(false);
            if (result.IsRight)
            {
                failures = 0;
            }
            else if (++failures >= 5)
            {
                openUntil = time.GetUtcNow() + TimeSpan.FromSeconds(5);
            }

            return result;
        };
    }
}
