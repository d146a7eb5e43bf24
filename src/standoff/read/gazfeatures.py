"""Large named areas that no city list has: world regions, seas, mountain ranges, big islands.

News names them often ('across the Middle East', 'in the Black Sea', 'northern Luzon'), and
without them the nearest namesake wins: a village called Middle East, a town called Americus.
Each is (name, other names, lon, lat, radius km): an approximate centre of the area (facts, from
general atlases, rounded) and a radius that covers most of it. They have no GeoNames id in the
data packages, so a mention of one names this table ('features') as its gazetteer.
"""

from __future__ import annotations

__all__ = ["FEATURES"]

FEATURES: tuple[tuple[str, tuple[str, ...], float, float, float], ...] = (
    # world regions
    ("Middle East", ("Mideast",), 41.0, 29.0, 1_800),
    ("Americas", ("the Americas",), -90.0, 15.0, 7_000),
    ("Latin America", (), -60.0, -15.0, 4_000),
    ("Central America", (), -86.0, 13.5, 800),
    ("South America", (), -60.0, -15.0, 3_500),
    ("Caribbean", ("West Indies",), -72.0, 18.0, 1_300),
    ("North Africa", ("Northern Africa",), 12.0, 27.0, 2_000),
    ("West Africa", ("Western Africa",), -3.0, 13.0, 1_500),
    ("East Africa", ("Eastern Africa",), 38.0, 1.0, 1_500),
    ("Central Africa", (), 20.0, 2.0, 1_500),
    ("Southern Africa", (), 25.0, -25.0, 1_500),
    ("Sub-Saharan Africa", (), 22.0, -5.0, 3_500),
    ("Horn of Africa", (), 45.0, 8.0, 900),
    ("Sahel", (), 5.0, 15.0, 2_500),
    ("Sahara", ("Sahara Desert",), 13.0, 23.0, 2_000),
    ("Central Asia", (), 65.0, 43.0, 1_500),
    ("South Asia", (), 78.0, 22.0, 2_000),
    ("Southeast Asia", ("South-East Asia", "South East Asia"), 110.0, 5.0, 2_500),
    ("East Asia", (), 115.0, 35.0, 2_500),
    ("Northern Europe", (), 15.0, 60.0, 1_200),
    ("Western Europe", (), 5.0, 48.0, 1_000),
    ("Eastern Europe", (), 30.0, 50.0, 1_500),
    ("Southern Europe", (), 15.0, 41.0, 1_200),
    ("Central Europe", (), 15.0, 49.0, 700),
    ("Scandinavia", (), 15.0, 63.0, 900),
    ("Balkans", ("Balkan Peninsula",), 21.0, 43.0, 600),
    ("Caucasus", (), 44.5, 42.5, 500),
    ("Siberia", (), 105.0, 60.0, 2_500),
    ("Levant", (), 36.0, 33.5, 400),
    ("Kurdistan", (), 44.0, 37.0, 400),
    ("Arabian Peninsula", (), 47.0, 23.0, 1_200),
    ("Indochina", (), 104.0, 15.0, 1_000),
    ("Patagonia", (), -69.0, -45.0, 900),
    # seas and oceans
    ("Mediterranean Sea", ("Mediterranean",), 18.0, 35.0, 1_500),
    ("Eastern Mediterranean", (), 31.0, 34.0, 500),
    ("Black Sea", (), 34.0, 43.4, 500),
    ("Red Sea", (), 38.5, 20.0, 900),
    ("Caspian Sea", (), 50.5, 41.7, 500),
    ("Dead Sea", (), 35.5, 31.5, 40),
    ("Sea of Galilee", ("Lake Tiberias", "Lake Kinneret"), 35.59, 32.82, 15),
    ("Baltic Sea", ("Baltic",), 20.0, 58.0, 700),
    ("North Sea", (), 3.0, 56.0, 500),
    ("Persian Gulf", ("Arabian Gulf",), 52.0, 26.5, 500),
    ("Gulf of Aden", (), 48.0, 12.5, 400),
    ("Gulf of Mexico", (), -90.0, 25.0, 800),
    ("Caribbean Sea", (), -75.0, 15.0, 1_200),
    ("South China Sea", (), 113.0, 12.0, 1_200),
    ("East China Sea", (), 125.0, 29.0, 500),
    ("Sea of Japan", ("East Sea",), 135.0, 40.0, 700),
    ("Arabian Sea", (), 65.0, 14.0, 1_000),
    ("Bay of Bengal", (), 88.0, 15.0, 900),
    ("Indian Ocean", (), 80.0, -20.0, 5_000),
    ("Atlantic Ocean", ("Atlantic",), -30.0, 0.0, 6_000),
    ("Pacific Ocean", ("Pacific",), -160.0, 0.0, 9_000),
    ("Arctic Ocean", ("Arctic",), 0.0, 85.0, 2_000),
    ("English Channel", (), -2.0, 50.2, 250),
    # mountains, lakes, islands
    ("Ural Mountains", ("Urals",), 59.5, 60.0, 1_200),
    ("Himalayas", ("Himalaya",), 84.0, 28.0, 1_200),
    ("Alps", (), 10.0, 46.5, 500),
    ("Andes", (), -70.0, -20.0, 3_500),
    ("Rocky Mountains", ("Rockies",), -110.0, 44.0, 1_500),
    ("Appalachian Mountains", ("Appalachians",), -80.0, 38.0, 1_000),
    ("Lake Titicaca", (), -69.4, -15.8, 90),
    ("Lake Victoria", (), 33.0, -1.0, 200),
    ("Great Lakes", (), -84.0, 45.0, 700),
    ("Luzon", (), 121.0, 16.0, 350),
    ("Mindanao", (), 125.0, 7.5, 300),
    ("Borneo", (), 114.0, 1.0, 600),
    ("Sumatra", (), 101.0, 0.0, 800),
    ("Java", (), 110.0, -7.5, 500),
    ("Sinai Peninsula", ("Sinai",), 33.8, 29.5, 200),
)
