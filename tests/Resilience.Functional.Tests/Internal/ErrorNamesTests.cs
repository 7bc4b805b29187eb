namespace Resilience.Functional.Tests;

public class ErrorNamesTests
{
    [Fact]
    public void An_exceptions_type_is_named_in_full_when_asked_and_by_its_short_name_otherwise()
    {
        var error = Error.New(new InvalidOperationException("boom"));

        Assert.Equal("System.InvalidOperationException", ErrorNames.TypeName(error, qualifyExceptions: true));
        Assert.Equal("InvalidOperationException", ErrorNames.TypeName(error, qualifyExceptions: false));
    }

    [Fact]
    public void Our_own_errors_are_named_by_their_short_type_name_without_arity()
    {
        Assert.Equal("TimeoutError", ErrorNames.TypeName(new TimeoutError(TimeSpan.FromSeconds(1)), qualifyExceptions: true));
    }
}
