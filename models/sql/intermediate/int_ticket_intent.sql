-- The intent of every ticket, from the rules in dim_intent_rules: the
-- patterns (RE2, case-insensitive) are tried against the title, and only
-- when none matches the title, against the description. Among the rules
-- that match a field the lowest priority wins (priority follows the order of
-- the intents in the configuration, then of their patterns). `other`, with
-- no class, when no rule matches.
--
-- first_match_grouped writes the rules out as CASE expressions over literal
-- patterns, so each regular expression is compiled once rather than once per
-- ticket: first one pattern per intent (the alternation of its rules), in
-- intent order, then, inside the first intent that matches, its rules in
-- order. The result is the same as trying every rule in priority order, but
-- a ticket no rule matches costs one test per intent, not one per rule.
with tickets as (
    select source, source_key, title, description
    from {{ ref('stg_tickets') }}
),

title_matches as (
    select
        source,
        source_key,
        description,
        {{ first_match_grouped('title', "select '(?i)(?:' || string_agg(pattern, ')|(?:' order by priority) || ')', intent from dim_intent_rules group by intent order by min(priority)", "select '(?i)' || pattern, priority from dim_intent_rules where intent = {group} order by priority") }} as title_rule
    from tickets
),

matches as (
    select
        source,
        source_key,
        title_rule,
        coalesce(
            title_rule,
            {{ first_match_grouped('description', "select '(?i)(?:' || string_agg(pattern, ')|(?:' order by priority) || ')', intent from dim_intent_rules group by intent order by min(priority)", "select '(?i)' || pattern, priority from dim_intent_rules where intent = {group} order by priority") }}
        ) as rule_priority
    from title_matches
)

select
    matches.source,
    matches.source_key,
    coalesce(rules.intent, 'other') as intent,
    intents.class as intent_class,
    case
        when matches.title_rule is not null then 'title'
        when matches.rule_priority is not null then 'description'
    end as intent_field,
    matches.rule_priority as intent_rule_priority,
    intents.default_handle_minutes as intent_handle_minutes
from matches
left join dim_intent_rules as rules on rules.priority = matches.rule_priority
left join dim_intents as intents on intents.name = rules.intent
order by matches.source, matches.source_key
