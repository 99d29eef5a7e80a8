using AirPlan.Web.Data;
using AirPlan.Web.Features.Admin.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AirPlan.Cli.Commands;

/// <summary>
/// airplan create-admin USER [--name 姓名]: the first administrator of a production database, where no demo accounts exist.
/// Prints a temporary password that must be changed at first sign-in.
/// </summary>
public static class CreateAdminCommand
{
    public const string Usage = "用法：airplan create-admin 用户名 [--name 姓名]";

    public static async Task<int> RunAsync(CliHost cli, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var userName = args.FirstOrDefault(a => !a.StartsWith("--"));
        var nameIndex = Array.IndexOf(args, "--name");
        if (userName is null || (nameIndex >= 0 && nameIndex + 1 >= args.Length))
        {
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        using var host = await cli.StartAsync();
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in AppRoles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        if (await users.FindByNameAsync(userName) is not null)
        {
            await stderr.WriteLineAsync($"账号「{userName}」已存在，未做更改。");
            return 1;
        }
        var password = TemporaryPassword.Generate();
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = nameIndex >= 0 ? args[nameIndex + 1] : "系统管理员",
            MustChangePassword = true,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await stderr.WriteLineAsync("创建失败：" + string.Join("；", created.Errors.Select(e => e.Description)));
            return 1;
        }
        await users.AddToRoleAsync(user, AppRoles.Admin);
        await host.StopAsync();
        await stdout.WriteLineAsync($"已创建系统管理员「{userName}」，临时密码：{password}");
        await stdout.WriteLineAsync("首次登录后须修改密码。");
        return 0;
    }
}
