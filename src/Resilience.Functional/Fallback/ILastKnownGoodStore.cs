using LanguageExt;

namespace Resilience.Functional.Stores;

/// <summary>
/// Where <see cref="LastKnownGoodExtensions.WithLastKnownGood{TKey, T}(Func{CancellationToken, ValueTask{Either{LanguageExt.Common.Error, T}}}, ILastKnownGoodStore{TKey, T}, TKey)"/>
/// keeps the most recent success per key: the in-memory <see cref="LastKnownGoodCache{TKey, T}"/> (the default), or a
/// store shared by every instance of a service, e.g. on Redis.
/// </summary>
/// <remarks>
/// The combinator calls it as untrusted code: a throw from <see cref="Store"/> is ignored, and a throw or a faulted
/// task from <see cref="TryGetFreshAsync"/> counts as nothing stored, so the primary's error passes through.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
public interface ILastKnownGoodStore<in TKey, T>
    where TKey : notnull
{
    /// <summary>
    /// Records <paramref name="value"/> as the latest success of <paramref name="key"/>. It runs on the caller's
    /// success path, so it must return at once: a remote store writes in the background.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    void Store(TKey key, T value);

    /// <summary>The value stored for <paramref name="key"/> as a <see cref="Served.Stale{T}"/> with its age, if one is stored and fresh enough.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    ValueTask<Option<Served<T>>> TryGetFreshAsync(TKey key, CancellationToken cancellationToken);
}
