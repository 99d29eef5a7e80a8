namespace AirPlan.Cli.Commands;

/// <summary>Exit codes shared by all commands: 0 success, 2 usage or file problems.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The input was read but refused (e.g. beyond PlanLimits); nothing was produced.</summary>
    public const int Refused = 1;
    public const int UsageOrFile = 2;
}

public static class Usage
{
    public static int Print(TextWriter error)
    {
        error.WriteLine("用法：airplan <命令> [参数]");
        error.WriteLine("命令：");
        error.WriteLine("  parse FILE                 解析实施方案文本文件，以 JSON 输出到标准输出");
        error.WriteLine("  import FILE [--key KEY]    将实施方案导入数据库（未配置连接字符串时使用内置 PostgreSQL）");
        error.WriteLine("  export --plan KEY|all --quarter 2025Q3 [--unit 单位|--township 乡镇] --out FILE.xlsx  导出季度进展台账");
        error.WriteLine("  generate [--seed N] [--counties N] [--tasks N] [--townships N] [--reports-per-assignment N] [--evidence-per-assignment N]");
        error.WriteLine("                             向数据库写入省级规模的合成数据（性能测试用，确定性）");
        error.WriteLine("  create-admin --name 用户名 [--display-name 姓名]  创建系统管理员（密码取自 AIRPLAN_ADMIN_PASSWORD、标准输入或提示输入，须符合密码规则）");
        error.WriteLine("  chase [--as-of 2025-10-31]  执行一次每日催办（临期提醒、逾期催办、督办、未按期报送、待核验提醒），已发过的不再发");
        error.WriteLine("  backup --out DIR           备份数据库和佐证材料到新目录（含 manifest.json 校验清单）");
        error.WriteLine("  restore DIR                从备份目录恢复到空数据库和空的佐证材料目录（校验版本和每个文件）");
        error.WriteLine("  audit verify               校验操作记录的哈希链，报告第一处被修改或删除的记录");
        return ExitCodes.UsageOrFile;
    }
}
