using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Injects <see cref="Error"/> in place of running the operation, at <see cref="Rate"/>.</summary>
public sealed record ChaosFault
{
    /// <summary>Creates a fault injection.</summary>
    /// <param name="rate">The share of calls that fail, in (0, 1].</param>
    /// <param name="error">The error they fail with.</param>
    /// <exception cref="ArgumentException">The rate is outside (0, 1] or the error is null.</exception>
    public ChaosFault(double rate, Error error)
    {
        Rate = rate;
        Error = error;
    }

    /// <summary>The share of calls that fail, in (0, 1].</summary>
    public double Rate { get; init => field = ChaosController.ValidateRate(value, nameof(Rate)); }

    /// <summary>The error injected calls fail with.</summary>
    public Error Error { get; init => field = value ?? throw new ArgumentNullException(nameof(Error)); }

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>chaos-fault</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = ChaosTelemetry.DefaultFaultName;
}
