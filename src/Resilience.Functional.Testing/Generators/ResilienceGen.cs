using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;

namespace Resilience.Functional.Testing;

/// <summary>
/// FsCheck generators for property tests of resilience pipelines: realistic errors, latency distributions, failure
/// scenarios and traffic. Combine them with LINQ (<c>from … in … select</c>) or use <see cref="ResilienceArbitraries"/>.
/// </summary>
public static class ResilienceGen
{
    private static readonly int[] TransientStatuses = [408, 429, 500, 502, 503, 504];
    private static readonly int[] PermanentStatuses = [400, 401, 403, 404, 409, 422];

    /// <summary>Optional retry-after hints: none, or 0–30 s in whole seconds.</summary>
    public static Gen<Option<TimeSpan>> RetryAfterHints() =>
        Gen.Frequency(
            (3, Gen.Constant(Option<TimeSpan>.None)),
            (1, Gen.Choose(0, 30).Select(s => Option<TimeSpan>.Some(TimeSpan.FromSeconds(s)))));

    /// <summary>HTTP errors worth retrying (408, 429, 500, 502, 503, 504), 429 and 503 sometimes with a retry-after.</summary>
    public static Gen<Error> TransientHttpErrors() =>
        from status in Gen.Elements(TransientStatuses)
        from hint in status is 429 or 503 ? RetryAfterHints() : Gen.Constant(Option<TimeSpan>.None)
        select (Error)new HttpStatusError(status, hint);

    /// <summary>HTTP errors no retry can fix (400, 401, 403, 404, 409, 422).</summary>
    public static Gen<Error> PermanentHttpErrors() =>
        Gen.Elements(PermanentStatuses).Select(status => (Error)new HttpStatusError(status));

    /// <summary>Exceptional errors of I/O-like faults that the default classifier calls transient.</summary>
    public static Gen<Error> TransientExceptions() =>
        Gen.Elements<Func<Exception>>(
                () => new IOException("connection reset by peer"),
                () => new SocketException((int)SocketError.ConnectionRefused),
                () => new TimeoutException("the operation timed out"),
                () => new HttpRequestException("an error occurred while sending the request"),
                () => new HttpRequestException("service unavailable", null, HttpStatusCode.ServiceUnavailable))
            .Select(make => Error.New(make()));

    /// <summary>Exceptional errors of bugs and bad input, which the default classifier calls permanent.</summary>
    public static Gen<Error> PermanentExceptions() =>
        Gen.Elements<Func<Exception>>(
                () => new ArgumentException("bad argument", "request"),
                () => new InvalidOperationException("invalid state"),
                () => new FormatException("malformed payload"),
                () => new KeyNotFoundException("no such key"))
            .Select(make => Error.New(make()));

    /// <summary>The rejections of resilience policies: timeout, circuit open, bulkhead full, rate limited.</summary>
    public static Gen<Error> Rejections() =>
        Gen.OneOf(
            Gen.Choose(1, 30_000).Select(ms => (Error)new TimeoutError(TimeSpan.FromMilliseconds(ms))),
            Gen.Choose(0, 60).Select(s => (Error)new CircuitOpenError(TimeSpan.FromSeconds(s))),
            from max in Gen.Choose(1, 64)
            from queue in Gen.Choose(0, 64)
            select (Error)new BulkheadFullError(max, queue),
            RetryAfterHints().Select(hint => (Error)new RateLimitedError(hint)));

    /// <summary>Errors the default classifier calls transient: transient HTTP statuses and I/O-like exceptions.</summary>
    public static Gen<Error> TransientErrors() => Gen.OneOf(TransientHttpErrors(), TransientExceptions());

    /// <summary>Errors the default classifier calls permanent: 4xx statuses and bug-like exceptions.</summary>
    public static Gen<Error> PermanentErrors() => Gen.OneOf(PermanentHttpErrors(), PermanentExceptions());

    /// <summary>Any error: transient, permanent, or a policy's rejection.</summary>
    public static Gen<Error> Errors() => Gen.OneOf(TransientErrors(), PermanentErrors(), Rejections());

    /// <summary>Latency distributions: constant, uniform or log-normal, with medians from 1 ms to 500 ms.</summary>
    public static Gen<LatencyDistribution> Latencies() =>
        Gen.OneOf(
            Gen.Choose(0, 500).Select(ms => LatencyDistribution.Constant(TimeSpan.FromMilliseconds(ms))),
            from min in Gen.Choose(0, 200)
            from spread in Gen.Choose(0, 300)
            select LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(min), TimeSpan.FromMilliseconds(min + spread)),
            from median in Gen.Choose(1, 500)
            from sigma in Gen.Choose(0, 15)
            select LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(median), sigma / 10.0));

    /// <summary>Probabilities in [0, <paramref name="max"/>], in steps of 0.001.</summary>
    /// <param name="max">The largest probability; in [0, 1].</param>
    public static Gen<double> Probabilities(double max) =>
        Gen.Choose(0, (int)(OptionGuards.Probability(max, nameof(max)) * 1000)).Select(p => p / 1000.0);

    /// <summary>Outages starting and ending within <paramref name="horizon"/>, failing fast or after a black-hole wait.</summary>
    /// <param name="horizon">The simulated duration; at least one second.</param>
    public static Gen<Outage> Outages(TimeSpan horizon) =>
        from window in Windows(horizon)
        from error in TransientErrors()
        from latency in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 30_000)))
        select new Outage(window.Start, window.Duration) { Error = error, Latency = TimeSpan.FromMilliseconds(latency) };

    /// <summary>Slow-downs by 1.5× to 20× within <paramref name="horizon"/>.</summary>
    /// <param name="horizon">The simulated duration; at least one second.</param>
    public static Gen<SlowDown> SlowDowns(TimeSpan horizon) =>
        from window in Windows(horizon)
        from factor in Gen.Choose(15, 200)
        select new SlowDown(window.Start, window.Duration, factor / 10.0);

    /// <summary>Overload beyond 1–100 calls in flight.</summary>
    public static Gen<Overload> Overloads() =>
        from capacity in Gen.Choose(1, 100)
        from errorRate in Probabilities(0.1)
        from latencyFactor in Gen.Choose(0, 50)
        select new Overload(capacity) { ErrorRatePerExcessRequest = errorRate, LatencyFactorPerExcessRequest = latencyFactor / 100.0 };

    /// <summary>Steady scenarios: an error rate up to <paramref name="maxErrorRate"/> of transient errors and a latency; nothing changes over time.</summary>
    /// <param name="maxErrorRate">The largest error rate; in [0, 1].</param>
    public static Gen<Scenario> SteadyScenarios(double maxErrorRate) =>
        from errorRate in Probabilities(maxErrorRate)
        from failures in TransientErrors().NonEmptyListOf()
        from latency in Latencies()
        select new Scenario { Name = "steady", ErrorRate = errorRate, Failures = failures.Take(3).ToSeq(), Latency = latency };

    /// <summary>Scenarios with up to two outages, two slow-downs and overload, within <paramref name="horizon"/>.</summary>
    /// <param name="horizon">The simulated duration; at least one second.</param>
    public static Gen<Scenario> Scenarios(TimeSpan horizon) =>
        from steady in SteadyScenarios(0.5)
        from outages in Gen.Choose(0, 2).SelectMany(n => Outages(horizon).ListOf(n))
        from slowDowns in Gen.Choose(0, 2).SelectMany(n => SlowDowns(horizon).ListOf(n))
        from overload in Gen.Frequency((2, Gen.Constant<Overload?>(null)), (1, Overloads().Select(o => (Overload?)o)))
        select steady with { Name = "generated", Outages = outages.ToSeq(), SlowDowns = slowDowns.ToSeq(), Overload = overload };

    /// <summary>Request streams of 5–50 requests per second for <paramref name="duration"/>, sometimes with a caller concurrency limit.</summary>
    /// <param name="duration">How long requests arrive.</param>
    public static Gen<RequestStream> RequestStreams(TimeSpan duration) =>
        from rate in Gen.Choose(5, 50)
        from pattern in Gen.Elements(ArrivalPattern.Uniform, ArrivalPattern.Poisson)
        from limit in Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 50).Select(n => (int?)n)))
        select new RequestStream { RatePerSecond = rate, Pattern = pattern, Duration = duration, MaxConcurrency = limit };

    /// <summary>Whole simulations lasting <paramref name="duration"/>: a scenario, a request stream and a seed.</summary>
    /// <param name="duration">How long requests arrive; at least one second.</param>
    public static Gen<SimulationOptions> Simulations(TimeSpan duration) =>
        from scenario in Scenarios(duration)
        from requests in RequestStreams(duration)
        from seed in Seeds()
        select new SimulationOptions { Scenario = scenario, Requests = requests, Seed = seed };

    /// <summary>
    /// Backoff schedules without an attempt limit: immediate, constant, linear, exponential (factor 1.5–3),
    /// Fibonacci or decorrelated jitter, from 1–500 ms, with no jitter, full or equal jitter, and sometimes a cap of
    /// 0.1–5 s on one delay.
    /// </summary>
    public static Gen<Backoff> Backoffs() =>
        from baseMs in Gen.Choose(1, 500)
        from kind in Gen.Choose(0, 5)
        from factor in Gen.Choose(15, 30)
        from jitter in Gen.Choose(0, 2)
        from capMs in Gen.Frequency((1, Gen.Constant(0)), (1, Gen.Choose(100, 5000)))
        select Jittered(BaseBackoff(kind, TimeSpan.FromMilliseconds(baseMs), factor / 10.0), jitter, capMs);

    /// <summary>Backoff schedules from <see cref="Backoffs()"/> limited to <paramref name="maxRetries"/> retries.</summary>
    /// <param name="maxRetries">The retry limit; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRetries"/> is below 1.</exception>
    public static Gen<Backoff> Backoffs(int maxRetries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, 1);
        return Backoffs().Select(b => b.MaxRetries(maxRetries));
    }

    /// <summary>
    /// Pipelines in the standard order with each stage present or not: a total timeout of 1–10 s, a retry of
    /// 1–5 retries over <see cref="Backoffs(int)"/> (its limit in <see cref="PipelineSpec.MaxRetries"/>), a breaker
    /// (consecutive failures or a failure ratio, 1–10 s open), a per-attempt timeout of 50 ms–2 s.
    /// </summary>
    public static Gen<PipelineSpec> Pipelines() =>
        from total in Optional(Gen.Choose(1, 10).Select(s => TimeSpan.FromSeconds(s)))
        from retries in Gen.Choose(1, 5)
        from backoff in Optional(Backoffs(retries))
        from breaker in Optional(Breakers())
        from attempt in Optional(Gen.Choose(50, 2000).Select(ms => TimeSpan.FromMilliseconds(ms)))
        select new PipelineSpec
        {
            TotalTimeout = total,
            Retry = backoff,
            MaxRetries = backoff is null ? 0 : retries,
            Breaker = breaker,
            AttemptTimeout = attempt,
        };

    /// <summary>Circuit breakers tripping on 1–20 consecutive failures or a failure ratio of 0.1–1 over 10–100 calls, open 1–10 s.</summary>
    public static Gen<CircuitBreakerOptions> Breakers() =>
        from consecutive in Gen.Elements(true, false)
        from failures in Gen.Choose(1, 20)
        from ratio in Gen.Choose(1, 10)
        from window in Gen.Choose(10, 100)
        from open in Gen.Choose(1, 10)
        select consecutive
            ? new CircuitBreakerOptions { ConsecutiveFailures = failures, BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(open)) }
            : new CircuitBreakerOptions
            {
                ConsecutiveFailures = null,
                FailureRatio = ratio / 10.0,
                Window = SlidingWindow.ByCount(window),
                MinimumThroughput = Math.Min(window, 10),
                BreakDuration = BreakDuration.Fixed(TimeSpan.FromSeconds(open)),
            };

    /// <summary>Seeds for simulations.</summary>
    public static Gen<ulong> Seeds() =>
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, int.MaxValue)
        select ((ulong)high << 32) | (uint)low;

    private static Backoff BaseBackoff(int kind, TimeSpan baseDelay, double factor) => kind switch
    {
        0 => Backoff.Immediate,
        1 => Backoff.Constant(baseDelay),
        2 => Backoff.Linear(baseDelay),
        3 => Backoff.Exponential(baseDelay, factor),
        4 => Backoff.Fibonacci(baseDelay),
        _ => Backoff.DecorrelatedJitter(baseDelay, baseDelay * 20),
    };

    private static Backoff Jittered(Backoff backoff, int jitter, int capMs)
    {
        var capped = capMs > 0 ? backoff.CapDelay(TimeSpan.FromMilliseconds(capMs)) : backoff;
        return jitter switch
        {
            1 => capped.FullJitter(),
            2 => capped.EqualJitter(),
            _ => capped,
        };
    }

    private static Gen<T?> Optional<T>(Gen<T> gen)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<TimeSpan?> Optional(Gen<TimeSpan> gen) =>
        Gen.Frequency((1, Gen.Constant<TimeSpan?>(null)), (2, gen.Select(v => (TimeSpan?)v)));

    private static Gen<(TimeSpan Start, TimeSpan Duration)> Windows(TimeSpan horizon)
    {
        var seconds = (int)Math.Min(int.MaxValue - 1, OptionGuards.Positive(horizon, nameof(horizon)).TotalSeconds);
        if (seconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The horizon must be at least one second.");
        }

        return from start in Gen.Choose(0, seconds - 1)
               from length in Gen.Choose(1, seconds - start)
               select (TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(length));
    }
}
