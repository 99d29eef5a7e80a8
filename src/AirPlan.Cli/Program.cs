using AirPlan.Cli.Commands;

return args.FirstOrDefault() switch
{
    "import" => await ImportCommand.RunAsync(args[1..], Console.Out, Console.Error),
    _ => 2,
};
