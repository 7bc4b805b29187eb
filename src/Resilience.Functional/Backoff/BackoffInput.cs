using LanguageExt.Common;

namespace Resilience.Functional.Scheduling;

/// <summary>What a <see cref="Backoff"/> step sees when a retry is being considered.</summary>
/// <param name="Attempt">The number of the retry being considered: 1 for the first retry (the second call), never 0.</param>
/// <param name="Error">The error of the attempt that just failed.</param>
/// <param name="Elapsed">Time since the first attempt started.</param>
/// <param name="PreviousDelay">The delay actually waited before the previous attempt (zero before the first retry).</param>
/// <param name="Random">The random source jittered schedules draw from.</param>
/// <param name="State">The <see cref="BackoffDecision.State"/> of the previous decision; null at the first retry.</param>
public readonly record struct BackoffInput(int Attempt, Error Error, TimeSpan Elapsed, TimeSpan PreviousDelay, Random Random, object? State);
