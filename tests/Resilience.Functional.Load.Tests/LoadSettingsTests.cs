namespace Resilience.Functional.Load.Tests;

public sealed class LoadSettingsTests
{
    [Fact]
    public void Settings_out_of_range_fail_at_construction_naming_the_property()
    {
        Assert.Equal("Workers", Assert.Throws<ArgumentOutOfRangeException>(() => new LoadSettings { Workers = 0 }).ParamName);
        Assert.Equal("Rounds", Assert.Throws<ArgumentOutOfRangeException>(() => new LoadSettings { Rounds = 101 }).ParamName);
        Assert.Equal("Duration", Assert.Throws<ArgumentOutOfRangeException>(() => new LoadSettings { Duration = TimeSpan.Zero }).ParamName);
    }
}
