using AirPlan.Cli.Commands;

// One line per command; each command owns its usage text and exit codes.
return args.FirstOrDefault() switch
{
    "parse" => ParseCommand.Run(args[1..], Console.Out, Console.Error),
    "import" => await ImportCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "export" => await ExportCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "generate" => await GenerateCommand.RunAsync(args[1..], Console.Out, Console.Error),
    "create-admin" => await CreateAdminCommand.RunAsync(args[1..], Console.Out, Console.Error),
    _ => Usage.Print(Console.Error),
};
