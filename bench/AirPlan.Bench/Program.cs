using AirPlan.Bench;

// airplan-bench queries  --conn CS [--iterations 30] [--warmup 5] [--as-of 2025-06-30] [--out FILE]
// airplan-bench accounts --conn CS            (bench-leader / bench-county with Bench.Password; idempotent)
// airplan-bench export   --conn CS [--quarter 2025Q4] [--plan gen-…] [--county-iterations 5] [--all-iterations 2] [--all-warmup 1] [--out FILE]
// airplan-bench tasklevel --conn CS [--iterations 30] [--warmup 5] [--only WORD] [--warm yes] [--out FILE]   (task-level figures, grouped task list)
// airplan-bench assignmentlist --conn CS [--iterations 20] [--warmup 3] [--out FILE]   (assignment list page 1, every sort and filter)
// airplan-bench inputs  [--seed seeds/mengjin-2024.txt] [--sizes 0.5,1,8] [--ledgers 5000,100000] [--cells 10000000,200000000]
// airplan-bench chase   --conn CS [--as-of 2025-11-03] [--out FILE]   (daily chasing job: first run, same day again, next day)
// airplan-bench seeds   [--dir seeds] [--iterations 200] [--warmup 5] [--sizes 0.5,1.7]   (parse time per seed; repeated texts, simplified and traditional)
// airplan-bench circuits --url URL --pid PID [--contexts 30] [--path /tasks] [--out FILE]
var mode = args.FirstOrDefault();
var options = Args.Parse(args.Skip(1).ToArray());
return mode switch
{
    "queries" => await QueryBench.RunAsync(options),
    "accounts" => await BenchAccounts.RunAsync(options),
    "dashboard" => await DashboardBench.RunAsync(options),
    "tasklevel" => await TaskLevelBench.RunAsync(options),
    "assignmentlist" => await AssignmentListBench.RunAsync(options),
    "circuits" => await CircuitBench.RunAsync(options),
    "export" => await ExportBench.RunAsync(options),
    "inputs" => await InputBench.RunAsync(options),
    "chase" => await ChaseBench.RunAsync(options),
    "seeds" => await SeedParseBench.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AirPlan.Bench queries|accounts|circuits|export|inputs|seeds [--conn CS] [--quarter 2025Q4] [--url URL] [--pid PID] [--iterations N] [--warmup N] [--contexts N] [--out FILE]");
    return 2;
}
