namespace AirPlan.Web.Infrastructure.Postgres;

/// <summary>
/// Raised when no PostgreSQL server installation can be found. The message is shown to end users
/// as-is, so it says exactly what to do, in Chinese first.
/// </summary>
public sealed class PostgresBinariesNotFoundException : InvalidOperationException
{
    public const string Instructions =
        "未找到 PostgreSQL 服务器程序（initdb、pg_ctl）。请安装 PostgreSQL 15 或更高版本"
        + "（Debian/Ubuntu：sudo apt-get install postgresql；macOS：brew install postgresql@16），"
        + "或设置连接字符串 ConnectionStrings__AirPlan 指向已有的服务器。"
        + "\n"
        + "PostgreSQL server programs (initdb, pg_ctl) were not found. Install PostgreSQL 15 or newer "
        + "(Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16), "
        + "or set the connection string ConnectionStrings__AirPlan to point at an existing server.";

    public PostgresBinariesNotFoundException()
        : base(Instructions)
    {
    }
}
