using System.Globalization;
using System.Text;

namespace Resilience.Functional.Simulator;

/// <summary>One line of a chart: a name, a colour, and points (x in seconds, y, or null for a gap).</summary>
/// <param name="Name">The legend's name.</param>
/// <param name="Color">A CSS colour.</param>
/// <param name="Points">The points, in x order.</param>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double? Y)> Points);
