namespace Resilience.Functional;

/// <summary>
/// A budget shared by many retry policies that stops retry storms: calls pay in, retries draw out, and an empty
/// budget makes a retry return <see cref="RetryBudgetExhaustedError"/> at once instead of waiting and trying again.
/// Implementations are thread-safe.
/// </summary>
/// <remarks>
/// A retry calls <see cref="Deposit"/> once per call (its first attempt), <see cref="RecordSuccess"/> or
/// <see cref="RecordFailure"/> after every attempt that succeeds or fails transiently, and <see cref="TryWithdraw"/>
/// before every retry. The first attempt is never throttled.
/// <para>
/// A retry calls a budget as untrusted code: an exception from <see cref="Deposit"/>, <see cref="RecordSuccess"/> or
/// <see cref="RecordFailure"/> is ignored (bookkeeping that fails must not fail a call that would have succeeded), and
/// an exception from <see cref="TryWithdraw"/> counts as a refusal, so the call ends with
/// <see cref="RetryBudgetExhaustedError"/> (not retrying is the safe answer: a broken budget must never become a retry
/// storm). No exception from a budget escapes the retry.
/// </para>
/// </remarks>
public abstract class RetryBudget
{
    /// <summary>A call is about to make its first attempt.</summary>
    public abstract void Deposit();

    /// <summary>Asks to pay for one retry; false means the retry must not happen.</summary>
    public abstract bool TryWithdraw();

    /// <summary>An attempt succeeded.</summary>
    public virtual void RecordSuccess()
    {
    }

    /// <summary>An attempt failed with a transient error.</summary>
    public virtual void RecordFailure()
    {
    }

    /// <summary>Whether a retry asked for now would be refused (a snapshot; for health reporting).</summary>
    public abstract bool IsExhausted { get; }

    /// <summary>How used up the budget is now, in [0, 1]: 0 when it is full, 1 when a retry would be refused (a
    /// snapshot; for health reporting). By default 1 when <see cref="IsExhausted"/>, else 0.</summary>
    public virtual double Exhaustion => IsExhausted ? 1 : 0;
}
