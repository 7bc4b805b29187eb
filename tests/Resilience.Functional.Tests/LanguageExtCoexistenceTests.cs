// This file opens everything a LanguageExt user opens, next to our namespace: it compiles only while no public name
// of ours collides with LanguageExt's (docs/architecture.md).
using LanguageExt;
using LanguageExt.Common;
using Resilience.Functional;
using static LanguageExt.Prelude;

namespace Resilience.Functional.Tests;

public class LanguageExtCoexistenceTests
{
    [Fact]
    public async Task Our_vocabulary_and_LanguageExts_prelude_live_side_by_side()
    {
        Func<CancellationToken, ValueTask<Either<Error, int>>> user = Op.Succeed(1);
        var orders = Op.FromFunc(_ => List(1, 2, 3));
        var query = from u in user
                    from o in orders
                    where o.Count > 0
                    select u + o.Sum();
        var recovered = query.Recover(_ => Op.Succeed(0)).MapError(e => e).Tap(_ => { }).Map(x => x).Bind(Op.Succeed);

        var result = await recovered.Run(default);

        Assert.Equal(Right<Error, int>(7), result);
        Assert.True(ErrorClassifier.Default.IsTransient(new TimeoutError(TimeSpan.FromSeconds(1))));
        Assert.Equal(Some(TimeSpan.FromSeconds(3)), new CircuitOpenError(TimeSpan.FromSeconds(3)).RetryAfterHint());
    }
}
