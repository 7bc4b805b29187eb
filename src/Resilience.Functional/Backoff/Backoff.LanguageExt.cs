using Resilience.Functional.Scheduling;

namespace Resilience.Functional;

public sealed partial class Backoff
{
    /// <summary>
    /// The delays of a LanguageExt <see cref="LanguageExt.Schedule"/>, retry <c>n</c> waiting its <c>n</c>-th duration;
    /// stops where it ends. The sequence is produced lazily once and remembered, so LanguageExt's own jitter is drawn
    /// once, not per run.
    /// </summary>
    /// <param name="schedule">The LanguageExt schedule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    public static Backoff FromLanguageExt(LanguageExt.Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var memo = new LanguageExtDelays(schedule);
        return new(
            input => memo.TryGet(input.Attempt, out var delay)
                ? BackoffDecision.Retry(delay, TimeSpan.MaxValue, input.State)
                : BackoffDecision.Stop(input.State),
            "FromLanguageExt",
            Needs.RetryNumber);
    }

    private sealed class LanguageExtDelays(LanguageExt.Schedule schedule)
    {
        private readonly List<TimeSpan> delays = [];
        private IEnumerator<LanguageExt.Duration>? source;
        private bool ended;

        public bool TryGet(int attempt, out TimeSpan delay)
        {
            lock (delays)
            {
                source ??= schedule.Run().GetEnumerator();
                while (!ended && delays.Count < attempt)
                {
                    if (source.MoveNext())
                    {
                        delays.Add(Durations.FromTicks((double)source.Current * TimeSpan.TicksPerMillisecond));
                    }
                    else
                    {
                        ended = true;
                    }
                }

                delay = attempt <= delays.Count ? delays[attempt - 1] : TimeSpan.Zero;
                return attempt <= delays.Count;
            }
        }
    }
}
