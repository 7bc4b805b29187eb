namespace Resilience.Functional;

public sealed partial class BreakDuration
{
    /// <summary>
    /// The break for opening <c>n</c> is <paramref name="backoff"/>'s delay before retry <c>n</c>
    /// (<see cref="Backoff.Delay(int, Random)"/>), drawing jitter from <see cref="Random.Shared"/>. Once the schedule
    /// stops, every later opening keeps its last delay (the circuit never stays closed for want of a duration).
    /// </summary>
    /// <param name="backoff">The schedule; it must give a delay for the first opening.</param>
    /// <exception cref="ArgumentNullException"><paramref name="backoff"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="backoff"/> stops before the first opening.</exception>
    public static BreakDuration FromBackoff(Backoff backoff) => FromBackoff(backoff, Random.Shared);

    /// <summary>
    /// <see cref="FromBackoff(Backoff)"/> drawing jitter from <paramref name="random"/>: a seeded source gives a
    /// reproducible sequence of breaks (the same as <see cref="Backoff.Take(int, Random)"/> for a schedule of the retry
    /// number alone). Draws are serialised, so any <see cref="Random"/> is safe here.
    /// </summary>
    /// <param name="backoff">The schedule; it must give a delay for the first opening.</param>
    /// <param name="random">The random source for jitter.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="backoff"/> stops before the first opening.</exception>
    public static BreakDuration FromBackoff(Backoff backoff, Random random)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        ArgumentNullException.ThrowIfNull(random);
        if (backoff.Delay(1, new Random(0)).IsNone)
        {
            throw new ArgumentException($"The schedule must give a delay for the first opening; {backoff} stops at once.", nameof(backoff));
        }

        return new(new BackoffBreak(backoff, SerializedRandom.For(random)).For, $"FromBackoff({backoff})");
    }

    /// <summary>Openings mapped to a schedule's delays; past its end, its last delay.</summary>
    private sealed class BackoffBreak(Backoff backoff, Random random)
    {
        private readonly Lock gate = new();
        private int stopsAt = int.MaxValue;
        private TimeSpan last;

        public TimeSpan For(int opening)
        {
            lock (gate)
            {
                if (opening < stopsAt)
                {
                    if (Draw(opening))
                    {
                        return last;
                    }

                    // A schedule stays stopped, so the first opening it stops at is found once.
                    stopsAt = FirstStop(opening);
                }

                // Its last delay is drawn afresh for each later opening, so jitter keeps working; if that draw stops too
                // (a limit on elapsed time with jitter), the previous break is kept.
                Draw(stopsAt - 1);
                return last;
            }
        }

        private bool Draw(int opening)
        {
            var delay = backoff.Delay(opening, random);
            if (delay.IsNone)
            {
                return false;
            }

            last = (TimeSpan)delay;
            return true;
        }

        /// <summary>The first opening in (1, <paramref name="stopped"/>] the schedule gives no delay for, by bisection.</summary>
        private int FirstStop(int stopped)
        {
            var (goes, stops) = (1, stopped);
            while (stops - goes > 1)
            {
                var middle = goes + ((stops - goes) / 2);
                (goes, stops) = backoff.Delay(middle, random).IsSome ? (middle, stops) : (goes, middle);
            }

            return stops;
        }
    }
}
