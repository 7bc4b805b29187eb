using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Returns <see cref="Outcome"/> in place of running the operation, at <see cref="Rate"/>.</summary>
/// <typeparam name="T">The type of the success value.</typeparam>
public sealed record ChaosOutcome<T>
{
    /// <summary>Creates an outcome injection.</summary>
    /// <param name="rate">The share of calls replaced, in (0, 1].</param>
    /// <param name="outcome">What they return: a success or an error.</param>
    /// <exception cref="ArgumentException">The rate is outside (0, 1] or the outcome is bottom.</exception>
    public ChaosOutcome(double rate, Either<Error, T> outcome)
    {
        Rate = rate;
        Outcome = outcome;
    }

    /// <summary>The share of calls replaced, in (0, 1].</summary>
    public double Rate { get; init => field = ChaosController.ValidateRate(value, nameof(Rate)); }

    /// <summary>What a replaced call returns.</summary>
    public Either<Error, T> Outcome
    {
        get;
        init => field = value.IsBottom ? throw new ArgumentException("Outcome must be Left or Right, not bottom.", nameof(Outcome)) : value;
    }

    /// <summary>
    /// The name this pattern's telemetry is tagged with (<c>resilience.policy.name</c>, see docs/telemetry.md); a
    /// <see cref="Policy"/> built from these settings passes its own name here. Default <c>chaos-outcome</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is null, empty or white space.</exception>
    public string Name
    {
        get;
        init => field = OptionGuards.Name(value, nameof(Name));
    } = ChaosTelemetry.DefaultOutcomeName;
}
