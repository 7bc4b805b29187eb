using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>A bulkhead had every slot in use and no room (or no time) left in its queue. Transient.</summary>
/// <param name="MaxConcurrency">The bulkhead's limit on concurrent executions.</param>
/// <param name="MaxQueue">The bulkhead's limit on queued callers.</param>
public sealed record BulkheadFullError(int MaxConcurrency, int MaxQueue)
    : Expected($"The bulkhead is full ({MaxConcurrency} running, {MaxQueue} queued).", ErrorCodes.BulkheadFull, Option<Error>.None);
