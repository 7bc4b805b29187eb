namespace Resilience.Functional.Tests;

/// <summary>User extension points that throw, for the tests that every combinator contains them.</summary>
internal static class ExtensionPoints
{
    public sealed class Bomb() : Exception("an extension point threw");

    /// <summary>A budget whose <paramref name="failing"/> member throws (all of them for "all").</summary>
    public sealed class ThrowingBudget(string failing) : RetryBudget
    {
        public override bool IsExhausted => false;

        public override void Deposit() => Throw(nameof(Deposit));

        public override bool TryWithdraw()
        {
            Throw(nameof(TryWithdraw));
            return true;
        }

        public override void RecordSuccess() => Throw(nameof(RecordSuccess));

        public override void RecordFailure() => Throw(nameof(RecordFailure));

        private void Throw(string member)
        {
            if (failing == member || failing == "all")
            {
                throw new Bomb();
            }
        }
    }

    /// <summary>A transient error whose retry-after hint throws when read.</summary>
    public sealed record BrokenHintError()
        : Expected("a downstream error with a broken hint", 503, Option<Error>.None), IRetryAfterHint
    {
        public Option<TimeSpan> RetryAfter => throw new Bomb();
    }

    /// <summary>A random source that throws on every draw.</summary>
    public sealed class ThrowingRandom : Random
    {
        public override double NextDouble() => throw new Bomb();

        protected override double Sample() => throw new Bomb();
    }

    /// <summary>Every error is worth retrying (so that a hinted error of any kind reaches the hint).</summary>
    public static readonly ErrorClassifier Everything = ErrorClassifier.Create(_ => true);
}
