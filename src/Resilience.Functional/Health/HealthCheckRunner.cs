using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>Runs one check under its timeout. Pessimistic: a check that ignores its token is abandoned at the deadline.</summary>
internal static class HealthCheckRunner
{
    public static async ValueTask<HealthCheckEntry> RunAsync(HealthCheck check, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var clock = new HealthRunClock(time);
        var timed = check.Check.WithTimeout(new TimeoutOptions { Timeout = check.Timeout, Mode = TimeoutMode.Pessimistic, TimeProvider = clock });
        Either<Error, HealthResult> outcome;
        try
        {
            outcome = await timed.Run(ct).ConfigureAwait(false);
        }
        finally
        {
            // The timeout has let go of its lease by now (an abandoned check keeps only its cancelled token).
            clock.StopTimers();
        }

        return Entry(check, outcome, time, started);
    }

    private static HealthCheckEntry Entry(HealthCheck check, Either<Error, HealthResult> outcome, TimeProvider time, long started)
    {
        var duration = time.GetElapsedTime(started);
        var now = time.GetUtcNow();
        return outcome.Match(
            Right: r => new HealthCheckEntry(check, r.State, r, Option<Error>.None, duration, now),
            Left: e => new HealthCheckEntry(check, check.FailureState, Option<HealthResult>.None, e, duration, now));
    }
}
