using Resilience.Functional.Samples.Orders;

// The orders service: see README.md in this folder.
await OrdersService.Build(args).RunAsync();
