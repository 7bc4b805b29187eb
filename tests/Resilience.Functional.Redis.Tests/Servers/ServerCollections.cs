namespace Resilience.Functional.Redis.Tests.Servers;

/// <summary>The tests of the contract suite on the embedded Garnet server share one server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GarnetCollection : ICollectionFixture<GarnetServerFixture>
{
    public const string Name = "garnet";
}

/// <summary>The tests of the contract suite on redis-server share one server process and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
