#!/usr/bin/env python3
"""Writes fixture.json, the synthetic patient of the held-out set (run once, by hand).

Filler glucose readings come from a seeded generator and stay well inside the bands
(fasting 5.2-8.2, after meals 6.5-9.4 mmol/L); the lows and highs the cases ask about
are placed by hand below, away from every band edge (3.0, 3.9, 10.0, 13.9 mmol/L).
Today is Friday 20 November 2026, the questions are asked at 18:30 Africa/Kampala.
"""
import json, random

rng = random.Random(17)
glucose = []
for day in range(-50, 1):
    glucose.append({"day": day, "time": "07:00", "mmol": round(rng.uniform(5.2, 8.2), 1), "context": "fasting"})
    if day % 7 != 3:  # one day a week without an after-meal check
        glucose.append({"day": day, "time": "14:30", "mmol": round(rng.uniform(6.5, 9.4), 1), "context": "after_meal"})

def set_reading(day, time, mmol, context):
    for g in glucose:
        if g["day"] == day and g["time"] == time:
            g["mmol"], g["context"] = mmol, context
            return
    glucose.append({"day": day, "time": time, "mmol": mmol, "context": context})

# October (days -50..-20 cover 1-31 Oct): 2 lows, 3 highs of which 1 very high.
set_reading(-45, "14:30", 12.0, "after_meal")
set_reading(-38, "07:00", 3.5, "fasting")
set_reading(-32, "14:30", 15.1, "after_meal")
set_reading(-25, "23:00", 3.2, "bedtime")
set_reading(-21, "14:30", 11.2, "after_meal")
# November: 4 lows (1 very low), 5 highs (2 very high).
set_reading(-18, "14:30", 11.8, "after_meal")
set_reading(-16, "11:00", 3.4, "before_meal")
set_reading(-13, "14:30", 14.6, "after_meal")
set_reading(-11, "07:00", 3.3, "fasting")
set_reading(-7, "14:30", 12.4, "after_meal")
set_reading(-4, "22:30", 2.7, "bedtime")
set_reading(-2, "14:30", 16.2, "after_meal")
set_reading(-1, "11:30", 3.6, "before_meal")
set_reading(0, "07:00", 6.9, "fasting")
set_reading(0, "14:30", 10.9, "after_meal")
glucose.sort(key=lambda g: (g["day"], g["time"]))

def e(day, time, meal, food, grams, measure, qty, cost):
    """A diary entry: grams eaten; measure is one household unit ("" for grams) and qty how many."""
    return {"day": day, "time": time, "meal": meal, "food": food, "grams": grams, "measure": measure, "qty": qty, "cost_ugx": cost}

diary = [
    # Fri 20 Nov (today)
    e(0, "07:40", "breakfast", "tea-milk-sugar", 258, "1 cup", 1, 500),
    e(0, "07:40", "breakfast", "mandazi", 120, "1 piece", 2, 400),
    e(0, "13:20", "lunch", "posho", 300, "", 1, 1500),
    e(0, "13:20", "lunch", "bean-stew", 200, "", 1, 1000),
    # Thu 19 Nov (yesterday)
    e(-1, "07:30", "breakfast", "millet-porridge-sugar", 310, "1 cup", 1, 600),
    e(-1, "13:10", "lunch", "matooke-steamed", 300, "1 finger", 3, 2000),
    e(-1, "13:10", "lunch", "groundnut-sauce", 150, "", 1, None),
    e(-1, "16:30", "snack", "banana-sweet", 118, "1 medium banana", 1, 300),
    e(-1, "20:00", "dinner", "rice-white-boiled", 316, "1 cup", 2, 1200),
    e(-1, "20:00", "dinner", "beef-stewed", 120, "", 1, 3500),
    # Wed 18 Nov
    e(-2, "07:30", "breakfast", "tea-milk-sugar", 258, "1 cup", 1, 500),
    e(-2, "07:30", "breakfast", "chapati", 80, "1 piece", 1, 500),
    e(-2, "13:00", "lunch", "rolex", 260, "1 rolex", 1, 3000),
    e(-2, "20:15", "dinner", "katogo-beans", 500, "1 plate", 1, None),
    # Tue 17 Nov: nothing priced
    e(-3, "13:00", "lunch", "githeri", 400, "", 1, None),
    e(-3, "20:00", "dinner", "yam-boiled", 200, "", 1, None),
    # Mon 16 Nov
    e(-4, "13:00", "lunch", "rice-beans", 450, "1 plate", 1, 4000),
    e(-4, "20:00", "dinner", "sweet-potato-boiled", 250, "", 1, None),
    e(-4, "20:00", "dinner", "sukuma-fried", 100, "", 1, None),
    # Sun 15 Nov
    e(-5, "14:00", "lunch", "luwombo-chicken", 422, "1 parcel", 1, 12000),
    e(-5, "14:00", "lunch", "matooke-steamed", 300, "1 finger", 3, 2000),
    # Sat 14 Nov: nothing logged
    # Thu 12 Nov
    e(-8, "07:45", "breakfast", "bread-brown", 50, "1 slice", 2, 600),
    e(-8, "07:45", "breakfast", "egg-boiled", 50, "1 large egg", 1, 500),
    e(-8, "13:30", "lunch", "posho-beans", 500, "1 plate", 1, 3500),
    e(-8, "20:00", "dinner", "cassava-boiled", 250, "", 1, None),
    e(-8, "20:00", "dinner", "mukene-stew-tomato", 150, "", 1, 1500),
    # Sat 7 Nov
    e(-13, "13:00", "lunch", "pilau", 400, "", 1, 5000),
    e(-13, "19:30", "dinner", "chips", 200, "", 1, 3000),
    # Tue 3 Nov
    e(-17, "08:00", "breakfast", "maize-porridge", 300, "", 1, 300),
    e(-17, "13:00", "lunch", "kikomando", 300, "1 plate", 1, 2500),
    # Sun 1 Nov
    e(-19, "14:00", "lunch", "matooke-gnut-sauce", 450, "1 plate", 1, None),
    # Mon 26 Oct
    e(-25, "13:00", "lunch", "posho-beans", 500, "1 plate", 1, 3000),
    e(-25, "20:00", "dinner", "tilapia-fried", 200, "", 1, 8000),
    # Sun 11 Oct
    e(-40, "13:00", "lunch", "rice-beans", 450, "1 plate", 1, 3500),
]

fixture = {
    "username": "heldout-patient",
    "first_name": "Heldout",
    "last_name": "Fixture (Namuli)",
    "today": "2026-11-20",
    "now": "18:30",
    "time_zone": "Africa/Kampala",
    "glucose_unit": "mmol/L",
    "birth_date": "1972-05-10",
    "gender": "female",
    "height_cm": 160,
    "weight_kg": 81.6,
    "activity": "light",
    "diabetes_type": "type2",
    "primary_goal": "glucose_control",
    "monthly_budget_ugx": 350000,
    "diary": diary,
    "glucose": glucose,
    "hba1c": [{"day": -100, "percent": 8.6}, {"day": -10, "percent": 7.9}],
    "weights": [{"day": -60, "kg": 84.0}, {"day": -40, "kg": 83.1}, {"day": -20, "kg": 82.2}, {"day": -2, "kg": 81.6}],
    "medications": [{"day": -90, "name": "Metformin", "dose": "500 mg twice daily"},
                    {"day": -30, "name": "Gliclazide", "dose": "40 mg once daily"}],
    "goals": [
        {"type": "lose_weight", "title": "Lose 6 kg", "start": 84.0, "target": 78.0, "created_day": -60, "target_day": 130,
         "progress": [{"day": -60, "value": 84.0, "source": "auto"}, {"day": -40, "value": 83.1, "source": "auto"},
                      {"day": -20, "value": 82.2, "source": "auto"}, {"day": -2, "value": 81.6, "source": "auto"}]},
        {"type": "hba1c", "title": "HbA1c below 7 %", "start": 8.6, "target": 7.0, "created_day": -95, "target_day": 90,
         "progress": [{"day": -10, "value": 7.9, "source": "auto"}]},
        {"type": "time_in_range", "title": "80 % of readings in range", "start": 55, "target": 80, "created_day": -45,
         "target_day": None, "progress": [], "from_readings": True},
        {"type": "daily_carbs", "title": "Keep carbohydrate to 180 g a day", "start": 260, "target": 180, "created_day": -30,
         "target_day": None, "progress": [{"day": -15, "value": 240, "source": "manual"}, {"day": -1, "value": 215, "source": "manual"}]},
    ],
}
with open("fixture.json", "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
