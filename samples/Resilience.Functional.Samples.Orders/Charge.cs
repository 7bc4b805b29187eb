namespace Resilience.Functional.Samples.Orders;

/// <summary>A placed order, charged once.</summary>
/// <param name="Id">The charge's number, counting from 1.</param>
/// <param name="Sku">The article.</param>
/// <param name="Quantity">How many.</param>
public sealed record Charge(int Id, string Sku, int Quantity);
