using Resilience.Functional.Report;

var (settings, error) = ReportArguments.Parse(args, ReportArguments.Root(Directory.GetCurrentDirectory()));
if (settings is null)
{
    (error is null ? Console.Out : Console.Error).WriteLine(error ?? ReportArguments.Usage);
    return error is null ? 0 : 2;
}

try
{
    var classes = ReportGenerator.Run(settings);
    Console.WriteLine($"Wrote {settings.Output} and {Readme.ChartFile} from {classes.Count} class reports in {settings.Results}.");
    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
