using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional.Stores;

namespace Resilience.Functional;

/// <summary>
/// A store and its settings, shared by every idempotent call: build it once, then wrap each request's operation with
/// <see cref="IdempotencyExtensions.WithIdempotency{T}(Func{CancellationToken, ValueTask{Either{Error, T}}}, IdempotencyGuard, string, string)"/>.
/// </summary>
public sealed class IdempotencyGuard
{
    /// <summary>The longest key accepted (Stripe's limit).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>A policy over <paramref name="store"/> with <see cref="IdempotencyOptions.Default"/>.</summary>
    /// <param name="store">Where keys and outcomes live.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public IdempotencyGuard(IIdempotencyStore store)
        : this(store, IdempotencyOptions.Default)
    {
    }

    /// <summary>A policy over <paramref name="store"/> with <paramref name="options"/>.</summary>
    /// <param name="store">Where keys and outcomes live.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="options"/> is null.</exception>
    public IdempotencyGuard(IIdempotencyStore store, IdempotencyOptions options)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>Where keys and outcomes live.</summary>
    public IIdempotencyStore Store { get; }

    /// <summary>The settings.</summary>
    public IdempotencyOptions Options { get; }

    /// <summary>Why <paramref name="key"/> is not a valid key, or <c>None</c> when it is.</summary>
    /// <param name="key">The key.</param>
    public static Option<Error> ValidateKey(string? key) =>
        string.IsNullOrWhiteSpace(key) ? Option<Error>.Some(new InvalidIdempotencyKeyError("the key is null, empty or white space."))
        : key.Length > MaxKeyLength ? Option<Error>.Some(new InvalidIdempotencyKeyError($"the key has {key.Length} characters; at most {MaxKeyLength} are allowed."))
        : Option<Error>.None;
}
