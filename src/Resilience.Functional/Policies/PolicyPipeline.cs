using System.Collections.Immutable;
using System.Text;
using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// Policies applied in order, the first outermost: <c>Policy.Pipeline(timeout, breaker, retry)</c> is
/// <c>op.WithPolicy(retry).WithPolicy(breaker).WithPolicy(timeout)</c>. Pipelines nested in a pipeline are flattened
/// (composition is associative) and the empty pipeline is the identity.
/// </summary>
public sealed class PolicyPipeline : Policy
{
    internal PolicyPipeline(string name, IEnumerable<Policy> layers)
        : base(name) =>
        Layers = [.. layers.SelectMany(static layer => layer is PolicyPipeline nested ? nested.Layers : [layer])];

    /// <summary>The layers, outermost first.</summary>
    public ImmutableArray<Policy> Layers { get; }

    internal override string Settings => $"pipeline of {Layers.Length} layer(s), outermost first";

    internal override Func<CancellationToken, ValueTask<Either<Error, T>>> Build<T>(
        Func<CancellationToken, ValueTask<Either<Error, T>>> operation,
        string name,
        string? pipeline)
    {
        // Each layer reports its events under its own name, tagged with the outermost pipeline's; the outermost
        // pipeline measures the execution once for all of them (docs/telemetry.md).
        for (var i = Layers.Length - 1; i >= 0; i--)
        {
            operation = Layers[i].Build(operation, Layers[i].Name, pipeline ?? name);
        }

        if (pipeline is not null)
        {
            return operation;
        }

        var layers = operation;
        var telemetry = new TelemetryRecorder(name, name, Clock ?? TimeProvider.System, ofPipeline: true);
        return ct => telemetry.Executions ? telemetry.Measure(layers, ct) : layers(ct);
    }

    /// <summary>The clock of the outermost layer that has one.</summary>
    internal override TimeProvider? Clock => Layers.Select(static layer => layer.Clock).FirstOrDefault(static clock => clock is not null);

    internal override string DescribeAs(string name, string indent)
    {
        var text = new StringBuilder($"{name}: {Settings}");
        for (var i = 0; i < Layers.Length; i++)
        {
            var inner = indent + "  ";
            text.Append('\n').Append(inner).Append(i + 1).Append(". ").Append(Layers[i].DescribeAs(Layers[i].Name, inner + "   "));
        }

        return text.ToString();
    }
}
