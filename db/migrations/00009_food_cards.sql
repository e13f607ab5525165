-- +goose Up
-- A food as pages show it: its nutrients and its current price (NULL when it has none).
-- The catalogue's queries select from it instead of repeating the column list.
CREATE VIEW food_cards AS
SELECT f.id, f.slug, f.name, f.local_names, f.category, f.description, f.energy_kcal, f.protein_g, f.carb_g,
       f.fibre_g, f.fat_g, f.sugars_g, f.sodium_mg, f.glycaemic_index, f.serving_grams, f.measures,
       f.diabetes_friendly, f.weight_loss_friendly, f.weight_gain_friendly, f.status, f.owner_id,
       cp.price_ugx, cp.per_unit, cp.month AS price_month, cp.markets AS price_markets, cp.source AS price_source
FROM food_items f LEFT JOIN food_current_prices cp ON cp.food_item_id = f.id;

-- +goose Down
DROP VIEW food_cards;
