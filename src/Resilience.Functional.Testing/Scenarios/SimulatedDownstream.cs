namespace Resilience.Functional.Testing;

/// <summary>
/// A downstream service that behaves as a <see cref="Scenario"/> says, in the time of a <see cref="TimeProvider"/>:
/// each call draws its latency and fate from a seeded source, waits (honouring cancellation), then answers.
/// </summary>
/// <remarks>Not thread-safe: meant to run on a <see cref="VirtualTimeLoop"/>.</remarks>
public sealed class SimulatedDownstream
{
    private readonly Scenario scenario;
    private readonly TimeProvider time;
    private readonly SimulationRandom random;
    private readonly long origin;
    private readonly ulong invalidSalt;
    private readonly ulong keySalt;

    /// <summary>A downstream following <paramref name="scenario"/> from now on.</summary>
    /// <param name="scenario">Its behaviour over time.</param>
    /// <param name="time">The clock its waits use; the scenario's time zero is the moment of construction.</param>
    /// <param name="random">The seeded source its draws come from.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public SimulatedDownstream(Scenario scenario, TimeProvider time, SimulationRandom random)
    {
        this.scenario = OptionGuards.NotNull(scenario, nameof(scenario));
        this.time = OptionGuards.NotNull(time, nameof(time));
        this.random = OptionGuards.NotNull(random, nameof(random));
        origin = time.GetTimestamp();
        invalidSalt = random.Fork(0x1A7A11D).NextUInt64();
        keySalt = random.Fork(0x7E5).NextUInt64();
        Operation = Call;
    }

    /// <summary>Calls made so far.</summary>
    public long Calls { get; private set; }

    /// <summary>Calls in flight now.</summary>
    public int InFlight { get; private set; }

    /// <summary>The most calls in flight at once so far.</summary>
    public int PeakInFlight { get; private set; }

    /// <summary>The downstream as an operation.</summary>
    public Func<CancellationToken, ValueTask<Either<Error, SimulatedReply>>> Operation { get; }

    /// <summary>Virtual time since the downstream was created: the scenario's clock.</summary>
    public TimeSpan Now => time.GetElapsedTime(origin);

    /// <summary>Makes one call.</summary>
    /// <param name="cancellationToken">Cancels the wait; the call then returns <see cref="CancelledError"/>.</param>
    public ValueTask<Either<Error, SimulatedReply>> Call(CancellationToken cancellationToken) => Call(-1, cancellationToken);

    /// <summary>Whether request <paramref name="request"/> is one of the scenario's invalid requests.</summary>
    /// <param name="request">The request's id (from 0).</param>
    public bool IsInvalid(long request) =>
        request >= 0 && scenario.InvalidRequestRate > 0 &&
        new SimulationRandom(invalidSalt ^ ((ulong)request * 0x9E3779B97F4A7C15UL)).NextDouble() < scenario.InvalidRequestRate;

    /// <summary>
    /// The resource request <paramref name="request"/> asks for, in [0, <see cref="Scenario.ResourceKeys"/>); null when
    /// the scenario has no resource keys or for a call of no particular request (-1).
    /// </summary>
    /// <param name="request">The request's id (from 0).</param>
    public int? ResourceKeyOf(long request) =>
        request >= 0 && scenario.ResourceKeys > 0
            ? (int)(new SimulationRandom(keySalt ^ ((ulong)request * 0x9E3779B97F4A7C15UL)).NextUInt64() % (ulong)scenario.ResourceKeys)
            : null;

    /// <summary>Makes one call on behalf of request <paramref name="request"/>, which may be an invalid one.</summary>
    /// <param name="request">The request's id (from 0), or -1 for a call of no particular request (never invalid).</param>
    /// <param name="cancellationToken">Cancels the wait; the call then returns <see cref="CancelledError"/>.</param>
    public ValueTask<Either<Error, SimulatedReply>> Call(long request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Outcome.Cancelled<SimulatedReply>();
        }

        var now = Now;
        var call = ++Calls;
        InFlight++;
        PeakInFlight = Math.Max(PeakInFlight, InFlight);

        TimeSpan latency;
        Error? error = null;
        if (scenario.OutageAt(now) is { } outage)
        {
            latency = outage.Latency;
            error = outage.Error;
        }
        else
        {
            var excess = scenario.Overload is { } overload ? Math.Max(0, InFlight - overload.Capacity) : 0;
            var factor = scenario.LatencyFactorAt(now) * (1 + (excess * (scenario.Overload?.LatencyFactorPerExcessRequest ?? 0)));
            latency = TimeSpan.FromTicks((long)(scenario.Latency.Sample(random).Ticks * factor));
            var draw = random.NextDouble();
            var errorRate = scenario.ErrorRateAt(now);
            if (draw < errorRate)
            {
                error = scenario.Failures.Count == 1 ? scenario.Failures.Head : scenario.Failures[random.Next(scenario.Failures.Count)];
            }
            else if (excess > 0 && draw < errorRate + (excess * scenario.Overload!.ErrorRatePerExcessRequest))
            {
                error = scenario.Overload.Error;
            }

            // After the scenario's own draws (an outage answers every request alike), so marking requests invalid
            // leaves every other call's fate as it was.
            if (IsInvalid(request))
            {
                error = scenario.InvalidRequestError;
            }
        }

        return Respond(call, latency, error, cancellationToken);
    }

    private async ValueTask<Either<Error, SimulatedReply>> Respond(long call, TimeSpan latency, Error? error, CancellationToken ct)
    {
        try
        {
            if (latency > TimeSpan.Zero && !await Waits.Delay(time, latency, ct).ConfigureAwait(false))
            {
                return Either<Error, SimulatedReply>.Left(CancelledError.Instance);
            }

            return error is null
                ? Either<Error, SimulatedReply>.Right(new SimulatedReply(call))
                : Either<Error, SimulatedReply>.Left(error);
        }
        finally
        {
            InFlight--;
        }
    }
}
