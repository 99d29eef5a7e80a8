using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using PlanTarget = AirPlan.Core.Domain.PlanTarget;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>Turns a parsed plan into entities: chapters, tasks with sub-items, milestones and assignments.</summary>
public sealed class PlanGraphBuilder(Plan plan, UnitDirectory units, IReadOnlyList<Region> subordinates)
{
    private readonly List<ImportProblem> _warnings = [];
    private readonly HashSet<string> _paths = [];
    private int _order;

    public IReadOnlyList<ImportProblem> Warnings => _warnings;

    public void Build(ParsedPlan parsed)
    {
        foreach (var target in parsed.Targets)
            plan.Targets.Add(new PlanTarget(target.Indicator, target.Value, target.Unit, target.Text));

        var chapters = new Dictionary<string, Chapter>();
        var chapterOrder = 0;
        foreach (var parsedChapter in parsed.Chapters)
        {
            if (chapters.ContainsKey(parsedChapter.Number)) continue;
            var chapter = new Chapter(parsedChapter.Number, parsedChapter.Title, ++chapterOrder);
            chapters[parsedChapter.Number] = chapter;
            plan.Chapters.Add(chapter);
        }

        var unitsByName = parsed.Units.ToDictionary(u => u.Name, u => units.Department(u.Name, u.Aliases));

        foreach (var parsedTask in parsed.Tasks)
        {
            var chapter = chapters.GetValueOrDefault(parsedTask.ChapterNumber);
            var task = AddTask(parsedTask, chapter, parent: null, UniquePath($"{parsedTask.ChapterNumber}-{parsedTask.Number}", parsedTask.Line));
            var subIndex = 0;
            foreach (var sub in parsedTask.Subitems)
            {
                subIndex++;
                var subNumber = string.IsNullOrWhiteSpace(sub.Number) ? $"#{subIndex}" : sub.Number;
                AddTask(sub, chapter, task, UniquePath($"{task.Path}-{subNumber}", sub.Line));
            }

            foreach (var deadline in parsedTask.Deadlines.DistinctBy(d => d.Date).OrderBy(d => d.Date))
                task.AddMilestone(deadline.Date, deadline.Text);

            foreach (var name in parsedTask.Lead)
                task.Assign(Resolve(unitsByName, name), AssignmentRole.Lead);
            foreach (var name in parsedTask.Supporting.Except(parsedTask.Lead))
                task.Assign(Resolve(unitsByName, name), AssignmentRole.Supporting);
            foreach (var township in Townships(parsedTask))
                task.Assign(units.Township(township), AssignmentRole.Implementing);
        }
    }

    private PlanTask AddTask(ParsedTask parsed, Chapter? chapter, PlanTask? parent, string path)
    {
        var task = new PlanTask(plan, chapter, parent, parsed.Number, path, ++_order, parsed.Section, parsed.Title,
            parsed.Text, parsed.Line, parsed.Lead, parsed.Supporting, parsed.Townships.Kind, parsed.Townships.Names,
            parsed.Recurrence, parsed.IsContinuous);
        if (parent is null) plan.Tasks.Add(task);
        else
        {
            parent.Subitems.Add(task);
            plan.Tasks.Add(task);
        }
        return task;
    }

    private Unit Resolve(Dictionary<string, Unit> unitsByName, string name)
    {
        if (unitsByName.TryGetValue(name, out var unit)) return unit;
        unit = units.Department(name, []);
        unitsByName[name] = unit;
        return unit;
    }

    /// <summary>A task's own scope widened by its sub-items': any 'all' makes all, named towns add up.</summary>
    private IEnumerable<Region> Townships(ParsedTask task)
    {
        var scopes = task.Subitems.Select(s => s.Townships).Prepend(task.Townships).ToList();
        if (scopes.Any(s => s.Kind == TownshipScopeKind.All)) return subordinates;

        var names = scopes.SelectMany(s => s.Names).Distinct().ToList();
        var found = new List<Region>();
        foreach (var name in names)
        {
            var match = subordinates.FirstOrDefault(r => r.Name == name)
                ?? subordinates.FirstOrDefault(r => r.Name.StartsWith(name) || name.StartsWith(r.Name) || r.Name.EndsWith(name));
            if (match is null)
                _warnings.Add(new ImportProblem(task.Line, $"在「{plan.Region?.Name}」下未找到乡镇（街道、开发区）「{name}」，未生成落实分配；可在区域管理中添加后重新分配"));
            else found.Add(match);
        }
        return found.Distinct();
    }

    private string UniquePath(string path, int line)
    {
        if (_paths.Add(path)) return path;
        var n = 2;
        while (!_paths.Add($"{path}~{n}")) n++;
        _warnings.Add(new ImportProblem(line, $"任务编号「{path}」重复，已记为「{path}~{n}」"));
        return $"{path}~{n}";
    }
}
