namespace Resilience.Functional;

/// <summary>
/// The shared switch, dice and clock of chaos injection: every <c>WithChaos</c> combinator built on one controller
/// injects only while <see cref="Enabled"/> is true, which can be flipped at run time from any thread.
/// </summary>
public sealed class ChaosController
{
    private readonly Random random;
    private volatile bool enabled;

    /// <summary>Creates a controller.</summary>
    /// <param name="options">Initial switch, random source and clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public ChaosController(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        enabled = options.Enabled;
        random = SerializedRandom.For(options.Random);
        TimeProvider = options.TimeProvider;
    }

    /// <summary>Whether injection is switched on.</summary>
    public bool Enabled
    {
        get => enabled;
        set => enabled = value;
    }

    /// <summary>The clock injected latency runs on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Whether to inject on this call: switched on, and a uniform draw in [0, 1) falls below <paramref name="rate"/>.</summary>
    /// <param name="rate">The injection rate, in (0, 1].</param>
    internal bool Roll(double rate)
    {
        if (!enabled)
        {
            return false;
        }

        // A user's random source is untrusted code: one that throws injects nothing, so a broken test double can
        // only make chaos quieter, never make the protected call throw.
        try
        {
            return random.NextDouble() < rate;
        }
        catch (Exception)
        {
            return false;
        }
    }

    internal static double ValidateRate(double rate, string name) =>
        rate > 0 && rate <= 1
            ? rate
            : throw new ArgumentOutOfRangeException(name, rate, $"{name} must be in (0, 1].");
}
