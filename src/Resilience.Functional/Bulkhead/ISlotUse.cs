using LanguageExt;
using LanguageExt.Common;

namespace Resilience.Functional;

/// <summary>
/// What a pattern built on a bulkhead's gate does with a slot and with a refusal (<see cref="SlotAdmission"/>): the
/// bulkhead runs the call plainly, the adaptive concurrency limit times it and lets its outcome move the limit.
/// Implemented by structs, so the admission is compiled for each pattern and allocates nothing.
/// </summary>
internal interface ISlotUse
{
    /// <summary>The error a refused call gets.</summary>
    Error Rejection { get; }

    /// <summary>The rejection reason reported for a refused call.</summary>
    string RejectionReason { get; }

    /// <summary>
    /// Runs the operation in a slot already entered, with a caller's token not cancelled (checked by the admission),
    /// and releases the slot on every path.
    /// </summary>
    ValueTask<Either<Error, T>> Run<T>(Func<CancellationToken, ValueTask<Either<Error, T>>> operation, CancellationToken ct);

    /// <summary>Releases a slot granted to a caller that cancelled before its call could run.</summary>
    void Release();
}
