namespace Resilience.Functional.Samples.Orders;

/// <summary>The charges made: the effect an <c>Idempotency-Key</c> must not repeat.</summary>
public sealed class Ledger
{
    private readonly List<Charge> charges = [];

    /// <summary>Every charge so far, oldest first.</summary>
    public IReadOnlyList<Charge> Charges
    {
        get
        {
            lock (charges)
            {
                return [.. charges];
            }
        }
    }

    /// <summary>Charges <paramref name="order"/>.</summary>
    public Charge Charge(Order order)
    {
        lock (charges)
        {
            var charge = new Charge(charges.Count + 1, order.Sku, order.Quantity);
            charges.Add(charge);
            return charge;
        }
    }
}
