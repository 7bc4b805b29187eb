namespace Resilience.Functional.Testing;

/// <summary>A probe's value from a moment on.</summary>
/// <param name="At">When the probe took this value.</param>
/// <param name="Value">The value.</param>
public readonly record struct ProbeSample(TimeSpan At, string Value);
