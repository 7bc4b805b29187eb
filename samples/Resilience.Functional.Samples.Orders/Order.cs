namespace Resilience.Functional.Samples.Orders;

/// <summary>An order as the client sends it.</summary>
/// <param name="Sku">The article.</param>
/// <param name="Quantity">How many.</param>
public sealed record Order(string Sku, int Quantity);
