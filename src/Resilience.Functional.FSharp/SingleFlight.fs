namespace Resilience.Functional.FSharp

open System.Collections.Generic
open Resilience.Functional

/// Request coalescing as curried, operation-last functions over the core's SingleFlight.
[<RequireQualifiedAccess>]
module SingleFlight =
    /// The executions in flight of one kind of call, keyed with the key's default equality; nothing is reused.
    let create<'Key, 'T when 'Key: equality> () : SingleFlight<'Key, 'T> = SingleFlight<'Key, 'T>()

    /// As create, with the options (ReuseFor keeps a success for a while, bounded by MaxReused).
    let createWith<'Key, 'T when 'Key: equality> (options: SingleFlightOptions) : SingleFlight<'Key, 'T> =
        SingleFlight<'Key, 'T>(options)

    /// As createWith, comparing keys with the comparer.
    let createWithComparer<'Key, 'T when 'Key: equality> (options: SingleFlightOptions) (comparer: IEqualityComparer<'Key>) : SingleFlight<'Key, 'T> =
        SingleFlight<'Key, 'T>(options, comparer)

    /// Coalesces concurrent runs of the operation with the key (see the core's WithSingleFlight): they share one
    /// execution and its outcome; a caller that cancels leaves, and the execution is cancelled when every caller has.
    let share (flights: SingleFlight<'Key, 'T>) (key: 'Key) (operation: Operation<'T>) : Operation<'T> =
        operation.WithSingleFlight(flights, key)

    /// The number of keys with an execution in flight now.
    let inFlight (flights: SingleFlight<'Key, 'T>) : int = flights.InFlight
