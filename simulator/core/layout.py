"""The core's data layout: parameters and state as named tuples of arrays, recorder columns, codes.

Kernels take these tuples and scalars only. Every state array has a leading replicate axis
``b`` (a batch of replicates run together); per-faction arrays are ``[b, faction, region]`` so
that one faction's layer of replicate 0 is a contiguous ``(width * height)`` vector, viewable as
Mesa's ``(width, height)`` property layer.
"""

from __future__ import annotations

from collections import namedtuple

# Ceasefire states (MODEL.md's table) and their codes in the recorder.
CEASEFIRE_STATES = ("war", "talks", "ceasefire", "violated")

# Event kinds in the event log.
EVENT_KINDS = ("capture", "defection", "scripted", "ceasefire", "intervention", "border", "user")
EV_CAPTURE, EV_DEFECTION, EV_SCRIPTED, EV_CEASEFIRE, EV_INTERVENTION, EV_BORDER, EV_USER = range(7)
# EV_USER: a write by user code between steps of the Mesa model (``place``: its index in the
# model's intervention list; ``value``: the value written).

# State actions of scripted events (docs/MODEL.md, phase 1), in ``Params.sched_kind``.
(ACT_LOG, ACT_BLOCKADE, ACT_SUPPORT, ACT_DEAL, ACT_WITHDRAW, ACT_COURT,
 ACT_CEASEFIRE, ACT_AIR, ACT_RED_LINE, ACT_TENSION) = range(10)
# Kinds of sponsor support, in the column order of ``Params.sp_mix`` (schema_intl.SUPPORT_KINDS).
(SUP_MONEY, SUP_ARMS, SUP_DRONES, SUP_AIR_DEFENCE, SUP_MERCENARIES, SUP_TROOPS) = range(6)

# Recorder columns: blocks of one column per faction, then the war-wide columns.
FACTION_BLOCKS = ("territory", "population", "forces", "military_deaths", "morale", "posture",
                  "civilian_deaths_by", "revenue", "air_destroyed_ground")
# Causes of civilian harm (MODEL.md phase 10), in the order of ``State.civ_cause``.
HARM_CAUSES = ("ground", "shelling", "air")
GLOBAL_COLUMNS = (
    "civilians_at_home",
    "displaced",
    "refugees",
    "civilian_deaths",
    "escalation",
    "ceasefire",
    "civilian_deaths_ground",
    "civilian_deaths_shelling",
    "civilian_deaths_air",
    "civilian_injuries",
    "oil_output_bpd",
)
N_FACTION_BLOCKS = len(FACTION_BLOCKS)
(G_HOME, G_DISPLACED, G_REFUGEES, G_CIV_DEATHS, G_ESCALATION, G_CEASEFIRE, G_CAUSE0, _G_SHELL,
 _G_AIR, G_INJURIES, G_OIL) = range(len(GLOBAL_COLUMNS))
N_GLOBAL = len(GLOBAL_COLUMNS)
# Border postures per neighbour (state ``border``): the share of would-be refugees let through.
BORDER_POSTURES = ("open", "reinforced", "closed")


def record_columns(faction_ids: list[str], countries: tuple[str, ...] = (),
                   sponsors: tuple[str, ...] = (), neighbours: tuple[str, ...] = ()) -> list[str]:
    """Return the recorder's column names, in column order, for these factions and countries.

    Faction blocks, then the war-wide columns, then ``refugees_<country>`` per country of the
    map, then the international block: ``support_<sponsor>`` per sponsor,
    ``foreign_fighters``, ``border_<neighbour>`` (posture code) per neighbour.
    """
    cols = [f"{block}_{f}" for block in FACTION_BLOCKS for f in faction_ids]
    cols += list(GLOBAL_COLUMNS) + [f"refugees_{c}" for c in countries]
    cols += [f"support_{s}" for s in sponsors] + ["foreign_fighters"]
    return cols + [f"border_{n}" for n in neighbours]


Params = namedtuple(
    "Params",
    [
        # identity and randomness
        "seed",  # uint64 root seed
        "region_uid",  # uint64[R] stable entity ids of regions
        "faction_uid",  # uint64[K] stable entity ids of factions
        # map
        "land",  # bool[R]
        "active",  # int64[L] flat indices of land regions, ascending
        "indptr",  # int64[R+1] CSR adjacency over land
        "indices",  # int64[E]
        "terrain",  # int8[R]
        "population0",  # float64[R] residents on day 0
        "speed",  # float64[R] km/day
        "edge_time",  # float64[E] days to cross each edge
        "cell_km",  # float64
        "garrison",  # float64[R] fighters that stay in a region
        # factions
        "lethality",  # float64[K] square-law kill rate per fighter-day
        "morale0",  # float64[K]
        "aggression",  # float64[K]
        "income",  # float64[K] USD million per day
        "value",  # float64[K, R] what each region is worth to each faction
        "supply_src",  # bool[K, R] supply sources (while held)
        "supply_free",  # bool[K] no named sources: supplied everywhere
        # doctrine
        "attack_threshold",
        "recruit_rate",
        "recruit_cost",
        "upkeep",
        "morale_recovery",
        "loss_sensitivity",
        "capture_sensitivity",
        "broke_morale",
        # logistics
        "supply_range",
        "supply_floor",
        "cut_off_effect",
        "cut_off_attrition",
        "move_rate",
        "advance_speed",  # km/day
        "attack_ratio",
        "value_weight",
        "enemy_cost",
        "field_refresh",  # int64 days between recomputations of the fields at most
        # combat
        "noise",  # float64 log-sd of daily effectiveness noise per region
        "daily_noise",  # float64 log-sd of daily effectiveness noise per faction
        "urban_defence",  # float64 multiplier
        "mountain_defence",  # float64 multiplier
        "killed_share",  # float64 share of fighters put out of action who die
        "rk_substeps",  # int64 RK4 substeps per day for three or more factions
        # air power
        "air_faction",  # int64[A]
        "air_region",  # int64[A] base region of each air unit
        "air_sorties",  # float64[A] sorties per asset per day
        "air_kills",  # float64[A] fighters out of action per sortie
        "air_tgt_indptr",  # int64[A+1] CSR: regions within range of each unit
        "air_tgt",  # int64[...]
        "ad_faction",  # int64[D]
        "ad_region",  # int64[D]
        "ad_systems",  # float64[D]
        "ad_cov_indptr",  # int64[D+1] CSR: regions covered by each air-defence unit
        "ad_cov",  # int64[...]
        "air_suppression",
        "air_protection",
        "air_attrition",
        "air_int_share",  # float64[A] share of sorties against enemy supply (interdiction)
        "air_base_share",  # float64[A] share of sorties against enemy air units on the ground
        "air_interdiction",  # float64 per (sortie per 1,000 enemy fighters in range)
        "air_base_kills",  # float64 assets destroyed on the ground per base sortie
        "air_bt_indptr",  # int64[A+1] CSR: enemy air units whose base lies within range of a
        "air_bt",  # int64[...]
        # local allegiance
        "loyalty0",  # float64[K, R] initial loyalties (ties)
        "drift",
        "w_power",
        "w_ties",
        "w_pay",
        "defect_rate",
        # territory
        "capture_ratio",  # float64
        "capture_days",  # int64
        "presence",  # float64 fighters
        # civilians
        "intensity_scale",  # float64 fighters lost per region-day, scaled to this map
        "flee_rate",  # float64 per day
        "harm_rate",  # float64 per day
        "shelling",  # float64 x: shelling harm and fear per unit of ground harm (escalation >= 2)
        "air_harm",  # float64 x: air-strike harm per unit of strike intensity (escalation >= 3)
        "injury_ratio",  # float64 injured per civilian killed
        "abroad_share",  # float64 share of flight near an open crossing that goes abroad
        "near_crossing",  # int64[R] country of a crossing within reach (-1 none)
        "return_after",  # int64 days of ceasefire before the displaced return
        "return_rate",  # float64 per day
        # economy
        "field_bpd",  # float64[R] oil field capacity
        "terminal_bpd",  # float64[R] export terminal capacity
        "oil_price",  # float64 USD per barrel
        "state_take",  # float64 share of the export value the state receives
        "war_share",  # float64 share of the state's oil revenue that funds the war effort
        "damage_rate",  # float64 per day at intensity 1
        "repair_rate",  # float64 per day
        "revenue_regions",  # int64[...] regions of the revenue place (empty: to the producer)
        # sponsors (docs/MODEL.md phase 3)
        "sp_client",  # int64[S] client faction of each sponsor
        "sp_uid",  # uint64[S] stable entity ids of sponsors
        "sp_reaction",  # float64[S] k, 1/day
        "sp_fatigue",  # float64[S] a, 1/day
        "sp_interest",  # float64[S] g, USD million/day per day
        "sp_distress",  # float64[S]
        "sp_reputation",  # float64[S]
        "sp_restraint",  # float64[S] deal restraint, 1/day
        "sp_cap",  # float64[S] cap on support (inf: none)
        "sp_delay",  # int64[S] days
        "sp_mix",  # float64[S, 6] shares by kind (SUP_*)
        "sp_entry_indptr",  # int64[S+1] CSR: entry regions of each sponsor
        "sp_entry",  # int64[...]
        "sp_unit_cost",  # float64[6] USD million per unit of each kind (money: 1)
        "air_sponsor",  # int64[A] sponsor resupplying each air unit (-1 none)
        "ad_sponsor",  # int64[D] sponsor resupplying each air-defence unit (-1 none)
        "value0",  # float64[K] value of the regions each faction holds on day 0
        "sp_consent",  # float64[S] consent to talks while no deal binds
        "sp_channel",  # bool[S] in the Russia-Turkey channel: reaction x (1 + tension)
        # neighbours (phase 4)
        "nb_uid",  # uint64[N]
        "nb_country",  # int64[N] country of the map (-1 none)
        "nb_base",  # int64[N] base border posture
        "nb_tolerance",  # float64[N] refugees/day
        "nb_fight_weight",  # float64[N]
        "nb_spill_days",  # float64[N]
        "nb_reinforce",  # float64[N]
        "nb_close",  # float64[N]
        "nb_reopen",  # float64[N]
        "nb_troops",  # float64[N] soldiers at a reinforced border
        "nb_red_indptr",  # int64[N+1] CSR: red-line regions
        "nb_red",  # int64[...]
        "nb_against",  # bool[N, K]
        "nb_red_days",  # int64[N]
        "nb_credibility",  # float64[N]
        "nb_ally",  # int64[N] (-1 none)
        "nb_entry_indptr",  # int64[N+1] CSR: entry regions of an intervention
        "nb_entry",  # int64[...]
        "nb_int_troops",  # float64[N]
        "nb_mobilise",  # int64[N] days
        "nb_mediation",  # float64[N]
        # mediators and the ceasefire (phase 2)
        "md_pressure",  # float64[M]
        "md_terms",  # float64[M, 3] monitoring, buffer zone, withdrawal
        "md_channel",  # bool[M]
        "talks_rate",
        "mhs_weight",
        "mhs_losses",
        "mhs_static",
        "agree_rate",
        "collapse_rate",
        "weibull_scale",
        "weibull_shape",
        "cf_beta",  # float64[5] ln hazard ratios: monitoring, buffer, withdrawal, spoilers, shift
        "shift_scale",
        "spoilers",
        "grace_days",  # int64
        "restore_rate",
        # escalation (phase 12)
        "esc_memory",  # float64 days
        "esc_skirmish",  # float64 fighters/day
        "esc_shelling",  # float64 fighters/day
        "esc_air",  # float64 fighters/day from the air
        "esc_calm",  # int64 days
        "esc_max",  # int64 level
        # scripted events (phase 1): state actions, sorted by day
        "sched_day",  # int64[N]
        "sched_event",  # int64[N] index of the event in the scenario
        "sched_kind",  # int64[N] ACT_*
        "sched_target",  # int64[N] faction or sponsor (-1 none)
        "sched_value",  # float64[N]
        # key places (CSR of regions) and recording
        "kp_indptr",  # int64[P+1]
        "kp_regions",  # int64[...]
        "snapshot_every",  # int64 days
        "decision_phases",  # int64[] phase codes, in order
        "dynamic_phases",  # int64[] phase codes, in order
    ],
)

State = namedtuple(
    "State",
    [
        "forces",  # float64[B, K, R] fighters
        "control",  # int16[B, R] holder faction, -1 none
        "contested",  # bool[B, R] two or more factions present
        "cand",  # int16[B, R] faction building up a capture, -1 none
        "cand_days",  # int32[B, R]
        "days_held",  # int32[B, R]
        "intensity",  # float64[B, R] today's combat intensity 0-1
        "home",  # float64[B, R] residents at home
        "hosted",  # float64[B, R] displaced people staying here
        "civ_deaths",  # float64[B, R] cumulative
        "inflow",  # float64[B, R] scratch: arrivals today
        "refugees",  # float64[B, C] abroad, per neighbouring country
        "morale",  # float64[B, K]
        "mil_deaths",  # float64[B, K] cumulative
        "posture",  # int64[B, K] 0 hold, 1 attack
        "manpower",  # float64[B, K] recruitable pool
        "treasury",  # float64[B, K] USD million
        "losses",  # float64[B, K] fighters lost today (reset by the factions phase)
        "gained",  # float64[B, K] value of regions taken today
        "lost",  # float64[B, K] value of regions lost today
        "changes",  # int64[B] counts changes of control or presence
        "field_stamp",  # int64[B] value of ``changes`` when the fields were computed
        "field_day",  # int64[B] day the fields were computed
        "supply_d",  # float64[B, K, R] travel days from the nearest held supply source
        "phi",  # float64[B, K, R] objective field
        "fld_cost",  # float64[B, K, 2, R] entry costs each field (supply, objective) was made for
        "fld_init",  # float64[B, K, 2, R] offsets each field was made for
        "fld_ok",  # bool[B, K, 2] the field is the least fixed point of those inputs
        "flow",  # float64[B, K, R] scratch: fighters arriving
        "cost",  # float64[B, R] scratch: cost multiplier of entering a region
        "heap_d",  # float64[B, H] scratch: Dijkstra heap keys
        "heap_n",  # int64[B, H] scratch: Dijkstra heap nodes
        "air_assets",  # float64[B, A] drones or aircraft of each air unit
        "cover",  # float64[B, K, R] scratch: enemy air-defence systems covering a region
        "air_lost",  # float64[B, R] scratch: fighters put out of action from the air today
        "air_cut",  # float64[B, K, R] scratch: today's interdiction factor u on supply (1 none)
        "air_ground",  # float64[B, K] cumulative air assets destroyed on the ground
        "group",  # float64[B, R] fighters of the local armed group
        "group_side",  # int16[B, R] faction the local group is aligned with (-1 none)
        "loyalty",  # float64[B, K, R]
        "escalation",  # int64[B]
        "ceasefire",  # int64[B]
        "fire",  # float64[B, K, R] scratch: ground fire (effectiveness x fighters) today
        "air_hit",  # float64[B, K, R] scratch: fighters put out of action by k's strikes today
        "origin",  # float64[B, R] displaced people (anywhere) whose home is region i
        "civ_cause",  # float64[B, 3] cumulative civilian deaths by cause (HARM_CAUSES)
        "civ_by",  # float64[B, K] cumulative civilian deaths attributed to each faction
        "civ_injured",  # float64[B] cumulative civilian injuries
        "border",  # int64[B, C] posture per neighbouring country (BORDER_POSTURES)
        "cf_days",  # int64[B] days the ceasefire has held
        "damage",  # float64[B, R] damage to oil installations 0-1
        "blockade",  # bool[B, K] exports from what faction k holds are blockaded
        "revenue",  # float64[B, K] oil revenue received today, USD million
        "oil_out",  # float64[B] oil exported today, barrels per day
        "sp_support",  # float64[B, S] support level, USD million/day
        "sp_pipe",  # float64[B, S, Q] support on its way, by arrival day modulo Q
        "sp_fighters",  # float64[B, S] mercenaries in Libya
        "sp_troops",  # float64[B, S] own troops in Libya
        "sp_deal",  # float64[B, S] 1 while a deal binds the sponsor
        "sp_active",  # bool[B, S] False after a withdrawal
        "sp_paid",  # float64[B, S] cumulative support delivered, USD million
        "harm_ewma",  # float64[B, K] civilian deaths per day caused, smoothed
        "civ_by_prev",  # float64[B, K] civ_by at the last sponsors phase
        "court",  # float64[B] the international court's concern 0-1
        "esc_g",  # float64[B] smoothed fighters put out of action per day
        "esc_a",  # float64[B] smoothed fighters put out of action from the air per day
        "esc_calm_n",  # int64[B] days in a row below the current level
        "esc_peak",  # int64[B] highest level so far
        "interstate",  # bool[B] a state fights another state's forces (neighbours issue)
        "ad_sys",  # float64[B, D] air-defence systems of each unit
        "tension",  # float64[B] linked-theatre tension 0-1
        "cf_loss",  # float64[B, K] losses smoothed over 30 days
        "cf_terr",  # float64[B] first faction's territory share smoothed over 30 days
        "cf_terms",  # float64[B, 3] terms of the current agreement
        "cf_share",  # float64[B, K] shares of all fighters at the agreement
        "cf_t",  # int64[B] days since the agreement
        "cf_violated",  # int64[B] days in the violated state
        "nb_pressure",  # float64[B, N] spillover pressure
        "nb_ref_prev",  # float64[B, N] refugees in the neighbour at the last phase
        "nb_declared",  # bool[B, N] red line declared
        "nb_line0",  # int64[B, N] red-line regions they held at the declaration (-1 before)
        "nb_cross_days",  # int64[B, N] days the red line has been held beyond that
        "nb_drawn",  # bool[B, N] the intervention of this crossing was drawn
        "nb_intervened",  # bool[B, N]
        "nb_arrive",  # int64[B, N] day the intervention force arrives (-1 none)
        "nb_troops_in",  # float64[B, N] intervention forces in Libya
        "key_holder",  # int16[B, P] holder of each key place, -1 contested
        "peak_displaced",  # float64[B]
        "rec",  # float64[B, D+1, C] recorder rows
        "snap_control",  # int16[S, N, R]
        "snap_forces",  # float32[S, N, K, R]
        "snap_home",  # float32[S, N, R]
        "snap_hosted",  # float32[S, N, R]
        "ev_n",  # int64[B] events logged (may exceed capacity)
        "ev_day",  # int32[B, E]
        "ev_kind",  # int16[B, E]
        "ev_actor",  # int16[B, E]
        "ev_place",  # int32[B, E]
        "ev_value",  # float64[B, E]
    ],
)
