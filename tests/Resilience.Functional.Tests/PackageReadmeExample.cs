// The code of src/Resilience.Functional/README.md (the package's README) lives here so that it compiles and runs;
// PackageReadmeTests checks that the two are the same.
using Resilience.Functional;

namespace Resilience.Functional.Tests;

public class PackageReadmeExample
{
    [Fact]
    public async Task The_package_readme_example_runs()
    {
        using var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // package README begins
            // One pipeline per downstream dependency, built once: rate limit → total timeout → retry → circuit breaker →
            // attempt timeout. Its retry never waits out an open circuit: a call behind an open breaker fails at once.
            var orders = Policy.Standard().Named("orders");

            var getTotal = Op.FromFunc(_ => 42m);
            var outcome = await getTotal.WithPolicy(orders).Run(CancellationToken.None);

            Console.WriteLine(outcome.Match(Right: total => $"total {total}", Left: error => error.Message)); // total 42
            // package README ends
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal("total 42", output.ToString().Trim());
    }
}
