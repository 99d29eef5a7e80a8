using AirPlan.Core.Domain;
using AirPlan.Core.Parsing;
using PlanTarget = AirPlan.Core.Domain.PlanTarget;

namespace AirPlan.Web.Features.Plans.Import;

/// <summary>Turns a parsed plan into entities: chapters, tasks with sub-items, milestones and assignments.</summary>
/// <param name="orderAfter">The highest order the plan's tasks have (a revision adds and re-places tasks after it).</param>
public sealed class PlanGraphBuilder(Plan plan, UnitDirectory units, IReadOnlyList<Region> subordinates, int orderAfter = 0)
{
    private readonly List<ImportProblem> _warnings = [];
    private readonly HashSet<string> _paths = [];
    private readonly Dictionary<string, Chapter> _chapters = plan.Chapters.GroupBy(c => c.Number).ToDictionary(g => g.Key, g => g.First());
    private Dictionary<string, Unit> _unitsByName = new();
    private int _order = orderAfter;

    public IReadOnlyList<ImportProblem> Warnings => _warnings;

    public void Build(ParsedPlan parsed)
    {
        foreach (var target in parsed.Targets)
            plan.Targets.Add(new PlanTarget(target.Indicator, target.Value, target.Unit, target.Text));

        AddChapters(parsed);
        _unitsByName = parsed.Units.ToDictionary(u => u.Name, u => units.Department(u.Name, u.Aliases));
        foreach (var parsedTask in parsed.Tasks) AddTask(parsedTask);
    }

    /// <summary>The parsed plan's chapters the plan does not have yet (by number), after the ones it has.</summary>
    public void AddChapters(ParsedPlan parsed)
    {
        var chapterOrder = plan.Chapters.Select(c => c.Order).DefaultIfEmpty().Max();
        foreach (var parsedChapter in parsed.Chapters)
        {
            if (_chapters.ContainsKey(parsedChapter.Number)) continue;
            var chapter = new Chapter(parsedChapter.Number, parsedChapter.Title, ++chapterOrder);
            _chapters[parsedChapter.Number] = chapter;
            plan.Chapters.Add(chapter);
        }
    }

    public Chapter? ChapterOf(ParsedTask parsedTask) => _chapters.GetValueOrDefault(parsedTask.ChapterNumber);

    /// <summary>A numbered task with its sub-items, milestones and assignments (牵头, 责任/配合, 落实乡镇).</summary>
    public PlanTask AddTask(ParsedTask parsedTask)
    {
        var chapter = ChapterOf(parsedTask);
        var task = AddTask(parsedTask, chapter, parent: null, UniquePath($"{parsedTask.ChapterNumber}-{parsedTask.Number}", parsedTask.Line));
        AddSubitems(task, parsedTask, chapter);

        foreach (var deadline in parsedTask.Deadlines.DistinctBy(d => d.Date).OrderBy(d => d.Date))
            task.AddMilestone(deadline.Date, deadline.Text);

        foreach (var name in parsedTask.Lead)
            task.Assign(Resolve(_unitsByName, name), AssignmentRole.Lead);
        foreach (var name in parsedTask.Supporting.Except(parsedTask.Lead))
            task.Assign(Resolve(_unitsByName, name), AssignmentRole.Supporting);
        foreach (var township in Townships(parsedTask))
            task.Assign(units.Township(township), AssignmentRole.Implementing);
        return task;
    }

    /// <summary>
    /// A running task a revised plan continues: placed where the revision has it (number, chapter, path, order) with the
    /// revision's sub-items (the caller removed the old ones, which carry no work). Units and deadlines are the caller's.
    /// </summary>
    public void Place(PlanTask task, ParsedTask parsedTask)
    {
        var chapter = ChapterOf(parsedTask);
        task.Place(chapter, parsedTask.Number, UniquePath($"{parsedTask.ChapterNumber}-{parsedTask.Number}", parsedTask.Line), ++_order,
            parsedTask.Section);
        AddSubitems(task, parsedTask, chapter);
    }

    /// <summary>The units a parsed task names, found or created in the region as the import does.</summary>
    public (List<Unit> Leads, List<Unit> Supporting, List<Unit> Townships) UnitsOf(ParsedTask parsedTask) =>
        (parsedTask.Lead.Select(n => Resolve(_unitsByName, n)).ToList(),
            parsedTask.Supporting.Except(parsedTask.Lead).Select(n => Resolve(_unitsByName, n)).ToList(),
            Townships(parsedTask).Select(units.Township).ToList());

    private void AddSubitems(PlanTask task, ParsedTask parsedTask, Chapter? chapter)
    {
        var subIndex = 0;
        foreach (var sub in parsedTask.Subitems)
        {
            subIndex++;
            var subNumber = string.IsNullOrWhiteSpace(sub.Number) ? $"#{subIndex}" : sub.Number;
            AddTask(sub, chapter, task, UniquePath($"{task.Path}-{subNumber}", sub.Line));
        }
    }

    private PlanTask AddTask(ParsedTask parsed, Chapter? chapter, PlanTask? parent, string path)
    {
        var task = new PlanTask(plan, chapter, parent, parsed.Number, path, ++_order, parsed.Section, parsed.Title,
            parsed.Text, parsed.Line, parsed.Lead, parsed.Supporting, parsed.Townships.Kind, parsed.Townships.Names,
            parsed.Recurrence, parsed.IsContinuous);
        // A revision adds a continued task's sub-items to a task already in the plan.
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
