namespace Resilience.Functional;

/// <summary>The success of an idempotent operation, telling a replayed result from a fresh one.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <param name="Value">The value.</param>
/// <param name="IsReplay">True when the value was stored by an earlier call with the same key and the operation did not run.</param>
public readonly record struct Idempotent<T>(T Value, bool IsReplay);
