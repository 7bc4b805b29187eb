namespace Resilience.Functional.Tests;

/// <summary>
/// A caller's <see cref="Random"/> is drawn from through a serialising view: every draw gives exactly what the
/// caller's instance gives, so a seeded source makes a run repeatable.
/// </summary>
public class SerializedRandomTests
{
    [Fact]
    public void A_null_source_is_rejected_naming_it()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => SerializedRandom.For(null!));

        Assert.Equal("random", ex.ParamName);
    }

    [Fact]
    public void The_shared_source_and_a_view_are_used_as_they_are_and_a_callers_source_is_wrapped()
    {
        var own = new Random(1);
        var view = SerializedRandom.For(own);

        Assert.Same(Random.Shared, SerializedRandom.For(Random.Shared));
        Assert.NotSame(own, view);
        Assert.Same(view, SerializedRandom.For(view));
    }

    [Fact]
    public void Every_draw_gives_what_the_seeded_source_itself_gives()
    {
        var expected = Draws(new Random(42));
        var actual = Draws(SerializedRandom.For(new Random(42)));

        Assert.Equal(expected, actual);
    }

    private static List<string> Draws(Random random)
    {
        var draws = new List<string>();
        Span<byte> span = stackalloc byte[8];
        for (var i = 0; i < 3; i++)
        {
            draws.Add($"Next {random.Next()}");
            draws.Add($"Next(max) {random.Next(1000)}");
            draws.Add($"Next(min, max) {random.Next(-500, 500)}");
            draws.Add($"NextInt64 {random.NextInt64()}");
            draws.Add($"NextInt64(max) {random.NextInt64(1_000_000_000_000)}");
            draws.Add($"NextInt64(min, max) {random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)}");
            draws.Add($"NextDouble {random.NextDouble():R}");
            draws.Add($"NextSingle {random.NextSingle():R}");
            var bytes = new byte[8];
            random.NextBytes(bytes);
            draws.Add($"NextBytes(array) {Convert.ToHexString(bytes)}");
            random.NextBytes(span);
            draws.Add($"NextBytes(span) {Convert.ToHexString(span)}");
        }

        return draws;
    }
}
