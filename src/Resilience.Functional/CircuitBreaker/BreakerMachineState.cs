namespace Resilience.Functional.CircuitBreaking;

/// <summary>
/// The immutable state of a circuit breaker: the value <see cref="CircuitBreakerMachine.Step"/> steps. Every
/// transition gives a new <see cref="Generation"/>, which is also the ticket of the calls admitted in it.
/// </summary>
public sealed record BreakerMachineState
{
    private BreakerMachineState(CircuitBreakerOptions options) => Options = options;

    /// <summary>The (validated) settings this state follows.</summary>
    public CircuitBreakerOptions Options { get; private init; }

    /// <summary>The state of the circuit (an open circuit whose break is over turns half-open at the next event).</summary>
    public CircuitState Circuit { get; init; }

    /// <summary>Incremented on every transition; outcomes carrying an older ticket are stale.</summary>
    public long Generation { get; init; }

    /// <summary>Counted failures in a row while closed.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Consecutive openings since the circuit was last closed (drives the break duration).</summary>
    public int Openings { get; init; }

    /// <summary>While open, the instant the break ends.</summary>
    public DateTimeOffset OpenUntil { get; init; }

    /// <summary>While half-open, probes admitted and not released (running or succeeded).</summary>
    public int ProbesAdmitted { get; init; }

    /// <summary>While half-open, probes that succeeded.</summary>
    public int ProbeSuccesses { get; init; }

    internal OutcomeWindow? Window { get; init; }

    /// <summary>The closed initial state for <paramref name="options"/>.</summary>
    /// <param name="options">The settings; the rules across them are checked here.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static BreakerMachineState Initial(CircuitBreakerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CheckAcrossSettings();
        return new(options) { Window = options.UsesWindow ? options.Window.Empty() : null };
    }

    /// <summary>The counts of the sliding window at <paramref name="now"/> (all zero when no ratio rule is on).</summary>
    /// <param name="now">The instant (matters for a time-based window).</param>
    public BreakerWindowCounts WindowCounts(DateTimeOffset now) => Window?.Counts(now) ?? default;

    /// <summary>The state of the circuit at <paramref name="now"/>, counting a finished break as half-open.</summary>
    /// <param name="now">The instant.</param>
    public CircuitState CircuitAt(DateTimeOffset now) =>
        Circuit == CircuitState.Open && now >= OpenUntil ? CircuitState.HalfOpen : Circuit;

    /// <summary>Whether <see cref="CircuitBreakerMachine.Step"/> reads its clock argument for this event; when false,
    /// any instant gives the same step (so a caller may skip reading the clock).</summary>
    /// <param name="signal">The event's signal.</param>
    public bool ReadsClock(BreakerInputKind signal) =>
        Circuit != CircuitState.Closed || signal is BreakerInputKind.Failed or BreakerInputKind.Trip || (Window is not null && signal == BreakerInputKind.Succeeded);

    // The window is kept as it is: a reconfiguration never changes its shape (CircuitBreaker.HasSameShape).
    internal BreakerMachineState WithOptions(CircuitBreakerOptions options) => this with { Options = options };

    internal BreakerMachineState Enter(CircuitState circuit) =>
        this with
        {
            Circuit = circuit,
            Generation = Generation + 1,
            ConsecutiveFailures = 0,
            ProbesAdmitted = 0,
            ProbeSuccesses = 0,
            Window = Options.UsesWindow ? Options.Window.Empty() : null,
        };
}
