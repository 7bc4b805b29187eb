namespace Resilience.Functional;

/// <summary>
/// gRPC retry throttling: the token count starts at <see cref="MaxTokens"/>; each transiently failed attempt takes
/// one token, each success gives back <see cref="TokenRatio"/> (never above the maximum), and retries are allowed
/// only while the count is above half the maximum. Lock-free and thread-safe; tokens are kept to 10⁻⁶.
/// </summary>
public sealed class TokenRatioRetryBudget : RetryBudget
{
    private const double Scale = 1_000_000;
    private const double Resolution = 1 / Scale;
    private readonly long max;
    private readonly long ratio;
    private long tokens;

    /// <summary>A full budget.</summary>
    /// <param name="maxTokens">The capacity, in [10⁻⁶, 1000] (gRPC's limits, down to the budget's resolution); kept to
    /// the nearest 10⁻⁶.</param>
    /// <param name="tokenRatio">The tokens a success gives back, in [10⁻⁶, 1]; kept to the nearest 10⁻⁶.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public TokenRatioRetryBudget(double maxTokens, double tokenRatio)
    {
        // Below the resolution a value would silently become 0 (an exhausted budget) or be raised to it.
        if (!(maxTokens >= Resolution && maxTokens <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "maxTokens must be in [0.000001, 1000] (the budget counts tokens to 10^-6).");
        }

        if (!(tokenRatio >= Resolution && tokenRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tokenRatio), tokenRatio, "tokenRatio must be in [0.000001, 1] (the budget counts tokens to 10^-6).");
        }

        (max, ratio) = ((long)Math.Round(maxTokens * Scale), (long)Math.Round(tokenRatio * Scale));
        tokens = max;
    }

    /// <summary>The capacity.</summary>
    public double MaxTokens => max / Scale;

    /// <summary>The tokens a success gives back.</summary>
    public double TokenRatio => ratio / Scale;

    /// <summary>The tokens available now.</summary>
    public double Tokens => Volatile.Read(ref tokens) / Scale;

    /// <inheritdoc />
    public override bool IsExhausted => !Allows(Volatile.Read(ref tokens));

    /// <summary>The share of the retry headroom (the tokens above half the capacity) used up: 0 at full capacity,
    /// 1 at or below half, where retries stop.</summary>
    public override double Exhaustion
    {
        get
        {
            var current = Volatile.Read(ref tokens);
            return Allows(current) ? Math.Clamp(2 - (2.0 * current / max), 0, 1) : 1;
        }
    }

    /// <summary>Does nothing: in gRPC only outcomes move tokens.</summary>
    public override void Deposit()
    {
    }

    /// <summary>True while the token count is above half the capacity; takes nothing (failures do).</summary>
    public override bool TryWithdraw() => Allows(Volatile.Read(ref tokens));

    /// <inheritdoc />
    public override void RecordSuccess() => Update(static (current, self) => Math.Min(self.max, current + self.ratio));

    /// <inheritdoc />
    public override void RecordFailure() => Update(static (current, _) => Math.Max(0, current - (long)Scale));

    private bool Allows(long current) => current * 2 > max;

    private void Update(Func<long, TokenRatioRetryBudget, long> next)
    {
        var current = Volatile.Read(ref tokens);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref tokens, next(current, this), current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
