namespace Resilience.Functional;

/// <summary>What <see cref="Bulkhead.TryEnter"/> did.</summary>
internal enum BulkheadAdmission
{
    Entered,
    Queued,
    Rejected,
}
