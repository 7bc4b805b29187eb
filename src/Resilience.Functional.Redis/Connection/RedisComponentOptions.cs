namespace Resilience.Functional.Redis;

/// <summary>What the settings of every Redis component have: where its keys live. Every property is validated when set.</summary>
public abstract record RedisComponentOptions
{
    /// <summary>Settings whose keys start with <paramref name="keyPrefix"/> unless set otherwise.</summary>
    /// <param name="keyPrefix">The component's default prefix.</param>
    protected RedisComponentOptions(string keyPrefix) => KeyPrefix = keyPrefix;

    /// <summary>
    /// What every key of the component starts with (docs/redis.md#key-layout). 1 to 64 characters without white space;
    /// the default is the component's own (<c>rf:idem:</c>, <c>rf:rl:</c>, <c>rf:cl:</c>, <c>rf:cb:</c>, <c>rf:lkg:</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Empty, longer than 64 characters, or with white space or control characters.</exception>
    public string KeyPrefix
    {
        get;
        init => field = RedisGuards.Prefix(value, nameof(KeyPrefix));
    }

    /// <summary>The database number, or -1 for the connection's default. From -1 to 15; default -1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [-1, 15].</exception>
    public int Database
    {
        get;
        init => field = OptionGuards.InRange(value, -1, 15, nameof(Database));
    } = -1;
}
