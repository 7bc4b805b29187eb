namespace Resilience.Functional.FSharp

open System
open Resilience.Functional

/// Chaos injection as curried, operation-last functions over the core's WithChaos: every injection built on one
/// controller acts only while it is enabled.
[<RequireQualifiedAccess>]
module Chaos =
    /// A controller (switch, random source, clock) with the options.
    let controller (options: ChaosOptions) : ChaosController = ChaosController options

    /// Switches injection on or off, from any thread.
    let setEnabled (enabled: bool) (controller: ChaosController) : unit = controller.Enabled <- enabled

    /// Whether injection is switched on.
    let isEnabled (controller: ChaosController) : bool = controller.Enabled

    /// At rate (in (0, 1]), fails with error without running the operation.
    let injectFault (controller: ChaosController) (rate: float) (error: ResilienceError) (operation: Operation<'T>) : Operation<'T> =
        operation.WithChaos(controller, ChaosFault(rate, error))

    /// At rate (in (0, 1]), waits latency on the controller's clock before running the operation.
    let injectLatency (controller: ChaosController) (rate: float) (latency: TimeSpan) (operation: Operation<'T>) : Operation<'T> =
        operation.WithChaos(controller, ChaosLatency(rate, latency))

    /// At rate (in (0, 1]), answers with result (Ok as success, Error as failure) without running the operation.
    let injectResult (controller: ChaosController) (rate: float) (result: Result<'T, ResilienceError>) (operation: Operation<'T>) : Operation<'T> =
        operation.WithChaos(controller, ChaosOutcome<'T>(rate, Op.ofResultToEither result))
