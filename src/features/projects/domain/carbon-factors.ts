/**
 * The carbon factor library that a new installation starts with. Each factor carries its value, unit, source and
 * year, never a bare constant (DOMAIN.md, "Carbon"): a project's result names the factors it used, and a later
 * year's factors are added beside these rather than over them, so old results stay as they were.
 *
 * Plain data, copied into the database by a migration; the calculations are in carbon.ts.
 *
 * Where the source is the UK Government's conversion factors, the value is the "kg CO2e" (total) figure of the
 * named sheet, row and column, for the year named. Where a value is derived (a bottle of anaesthetic gas from its
 * volume, density and global warming potential; a ream of paper from its mass), the source says how, so that the
 * arithmetic can be checked. Product footprints vary by product and study: those say "approximate" and give the
 * published range.
 */

export const CARBON_CATEGORIES = [
  'travel',
  'energy',
  'waste',
  'inhalers',
  'anaesthetic-gases',
  'paper',
  'single-use-items',
] as const;
export type CarbonCategory = (typeof CARBON_CATEGORIES)[number];

export const CARBON_CATEGORY_LABELS: Record<CarbonCategory, string> = {
  travel: 'Travel',
  energy: 'Energy',
  waste: 'Waste',
  inhalers: 'Inhalers',
  'anaesthetic-gases': 'Anaesthetic gases',
  paper: 'Paper',
  'single-use-items': 'Single-use items',
};

export interface CarbonFactorSeed {
  /** A stable slug naming the item; the same key in a later year is that item's newer factor. */
  key: string;
  category: CarbonCategory;
  item: string;
  /** What one unit of quantity is: "km", "passenger km", "kWh", "kg", "inhaler", "bottle (240 mL)". */
  unit: string;
  kgCo2ePerUnit: number;
  source: string;
  /**
   * The edition of the library the factor belongs to: for the UK Government's factors, their year; for a published
   * footprint, the year it was taken into the library (its source names the year of publication).
   */
  year: number;
}

const DESNZ_2024 = 'UK Government GHG Conversion Factors for Company Reporting 2024 (DESNZ)';
const DESNZ_2025 = 'UK Government GHG Conversion Factors for Company Reporting 2025 (DESNZ)';
/** IPCC Fifth Assessment Report, the basis of the UK Government's factors and of NHS carbon reporting. */
const AR5 = 'IPCC Fifth Assessment Report (AR5), WG1 chapter 8, table 8.A.1, 100-year global warming potential';
const RIZAN_WASTE =
  'Rizan C, Bhutta MF, Reed M, Lillywhite R. The carbon footprint of waste streams in a UK hospital. ' +
  'Journal of Cleaner Production 2021;286:125446';
const RIZAN_PPE =
  'Rizan C, Reed M, Bhutta MF. Environmental impact of personal protective equipment distributed for use by ' +
  'health and social care services in England in the first six months of the COVID-19 pandemic. ' +
  'Journal of the Royal Society of Medicine 2021;114(5):250-263';

export const SEED_CARBON_FACTORS: readonly CarbonFactorSeed[] = [
  // Travel: DESNZ 2025, "Business travel- land" and "Business travel- air".
  {
    key: 'travel-car-average-km',
    category: 'travel',
    item: 'Car, average size, fuel unknown',
    unit: 'km',
    kgCo2ePerUnit: 0.16725,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, unknown fuel, per km`,
    year: 2025,
  },
  {
    key: 'travel-car-average-mile',
    category: 'travel',
    item: 'Car, average size, fuel unknown',
    unit: 'mile',
    kgCo2ePerUnit: 0.26915,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, unknown fuel, per mile`,
    year: 2025,
  },
  {
    key: 'travel-car-petrol-km',
    category: 'travel',
    item: 'Car, average size, petrol',
    unit: 'km',
    kgCo2ePerUnit: 0.16272,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, petrol, per km`,
    year: 2025,
  },
  {
    key: 'travel-car-diesel-km',
    category: 'travel',
    item: 'Car, average size, diesel',
    unit: 'km',
    kgCo2ePerUnit: 0.17304,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, diesel, per km`,
    year: 2025,
  },
  {
    key: 'travel-car-hybrid-km',
    category: 'travel',
    item: 'Car, average size, hybrid',
    unit: 'km',
    kgCo2ePerUnit: 0.12825,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, hybrid, per km`,
    year: 2025,
  },
  {
    key: 'travel-car-plug-in-hybrid-km',
    category: 'travel',
    item: 'Car, average size, plug-in hybrid',
    unit: 'km',
    kgCo2ePerUnit: 0.10461,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, plug-in hybrid electric vehicle, per km`,
    year: 2025,
  },
  {
    key: 'travel-car-battery-electric-km',
    category: 'travel',
    item: 'Car, average size, battery electric',
    unit: 'km',
    kgCo2ePerUnit: 0.04047,
    source: `${DESNZ_2025}, Business travel- land: cars (by size), average car, battery electric vehicle, per km`,
    year: 2025,
  },
  {
    key: 'travel-motorbike-km',
    category: 'travel',
    item: 'Motorbike, average',
    unit: 'km',
    kgCo2ePerUnit: 0.11367,
    source: `${DESNZ_2025}, Business travel- land: motorbike, average, per km`,
    year: 2025,
  },
  {
    key: 'travel-taxi-passenger-km',
    category: 'travel',
    item: 'Taxi, regular',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.14861,
    source: `${DESNZ_2025}, Business travel- land: taxis, regular taxi, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-bus-local-passenger-km',
    category: 'travel',
    item: 'Bus, average local bus',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.10385,
    source: `${DESNZ_2025}, Business travel- land: bus, average local bus, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-coach-passenger-km',
    category: 'travel',
    item: 'Coach',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.02776,
    source: `${DESNZ_2025}, Business travel- land: bus, coach, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-rail-national-passenger-km',
    category: 'travel',
    item: 'Train, national rail',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.03546,
    source: `${DESNZ_2025}, Business travel- land: rail, national rail, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-light-rail-tram-passenger-km',
    category: 'travel',
    item: 'Light rail and tram',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.0286,
    source: `${DESNZ_2025}, Business travel- land: rail, light rail and tram, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-underground-passenger-km',
    category: 'travel',
    item: 'London Underground',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.0278,
    source: `${DESNZ_2025}, Business travel- land: rail, London Underground, per passenger km`,
    year: 2025,
  },
  {
    key: 'travel-flight-domestic-passenger-km',
    category: 'travel',
    item: 'Flight within the UK, average passenger',
    unit: 'passenger km',
    kgCo2ePerUnit: 0.22928,
    source: `${DESNZ_2025}, Business travel- air: flights, domestic (to/from UK), average passenger, with radiative forcing, per passenger km`,
    year: 2025,
  },

  // Energy.
  {
    key: 'energy-electricity-uk-kwh',
    category: 'energy',
    item: 'Electricity, UK grid (generation)',
    unit: 'kWh',
    kgCo2ePerUnit: 0.20705,
    source: `${DESNZ_2024}, UK electricity: electricity generated, UK, per kWh (location-based, scope 2)`,
    year: 2024,
  },
  {
    key: 'energy-electricity-uk-transmission-kwh',
    category: 'energy',
    item: 'Electricity, UK grid (transmission and distribution losses)',
    unit: 'kWh',
    kgCo2ePerUnit: 0.01853,
    source: `${DESNZ_2025}, Transmission and distribution: T&D- UK electricity, per kWh used (add to the generation factor)`,
    year: 2025,
  },
  {
    key: 'energy-natural-gas-kwh',
    category: 'energy',
    item: 'Natural gas',
    unit: 'kWh',
    kgCo2ePerUnit: 0.1829,
    source: `${DESNZ_2024}, Fuels: gaseous fuels, natural gas, per kWh (gross calorific value, as gas bills state it)`,
    year: 2024,
  },

  // Waste. Hospital streams from the study of one UK hospital's waste (treatment and transport included);
  // general streams from DESNZ, which counts only transport to the site for incineration, recycling and digestion
  // (the emissions of burning are reported by the energy producer).
  {
    key: 'waste-clinical-incineration-kg',
    category: 'waste',
    item: 'Clinical (infectious) waste, high-temperature incineration',
    unit: 'kg',
    kgCo2ePerUnit: 1.074,
    source: `${RIZAN_WASTE}: high-temperature incineration, 1,074 kgCO2e per tonne`,
    year: 2024,
  },
  {
    key: 'waste-clinical-alternative-treatment-kg',
    category: 'waste',
    item: 'Infectious waste, alternative treatment (decontamination, then energy from waste)',
    unit: 'kg',
    kgCo2ePerUnit: 0.569,
    source: `${RIZAN_WASTE}: alternative treatment followed by low-temperature incineration with energy recovery, 569 kgCO2e per tonne`,
    year: 2024,
  },
  {
    key: 'waste-offensive-energy-from-waste-kg',
    category: 'waste',
    item: 'Offensive (non-infectious) waste, low-temperature incineration with energy recovery',
    unit: 'kg',
    kgCo2ePerUnit: 0.249,
    source: `${RIZAN_WASTE}: low-temperature incineration with energy from waste, 249 kgCO2e per tonne`,
    year: 2024,
  },
  {
    key: 'waste-general-landfill-kg',
    category: 'waste',
    item: 'Domestic (general) waste, landfill',
    unit: 'kg',
    kgCo2ePerUnit: 0.5205327,
    source: `${DESNZ_2025}, Waste disposal: refuse, commercial and industrial waste, landfill, 520.5327 kgCO2e per tonne`,
    year: 2025,
  },
  {
    key: 'waste-general-energy-recovery-kg',
    category: 'waste',
    item: 'Domestic (general) waste, incineration with energy recovery',
    unit: 'kg',
    kgCo2ePerUnit: 0.00468568,
    source: `${DESNZ_2025}, Waste disposal: refuse, commercial and industrial waste, incineration with energy recovery, 4.68568 kgCO2e per tonne (transport only)`,
    year: 2025,
  },
  {
    key: 'waste-recycling-mixed-kg',
    category: 'waste',
    item: 'Dry mixed recycling (paper and board)',
    unit: 'kg',
    kgCo2ePerUnit: 0.00468568,
    source: `${DESNZ_2025}, Waste disposal: paper, paper and board: mixed, closed-loop, 4.68568 kgCO2e per tonne (transport only)`,
    year: 2025,
  },
  {
    key: 'waste-food-anaerobic-digestion-kg',
    category: 'waste',
    item: 'Food waste, anaerobic digestion',
    unit: 'kg',
    kgCo2ePerUnit: 0.00898311,
    source: `${DESNZ_2025}, Waste disposal: refuse, organic: food and drink waste, anaerobic digestion, 8.98311 kgCO2e per tonne`,
    year: 2025,
  },

  // Inhalers: product footprints (the propellant is almost all of a metered-dose inhaler's footprint).
  {
    key: 'inhaler-salbutamol-pmdi',
    category: 'inhalers',
    item: 'Salbutamol pressurised metered-dose inhaler, 100 micrograms, 200 doses (Ventolin Evohaler)',
    unit: 'inhaler',
    kgCo2ePerUnit: 25,
    source:
      'Product carbon footprint as published in NICE patient decision aid "Asthma inhalers and climate change" ' +
      'and NHS England (Greener NHS) inhaler guidance: approximate, published range 25–31.5 kgCO2e per inhaler',
    year: 2024,
  },
  {
    key: 'inhaler-salbutamol-pmdi-low-volume',
    category: 'inhalers',
    item: 'Salbutamol pressurised metered-dose inhaler with a smaller propellant volume, 200 doses (e.g. Salamol)',
    unit: 'inhaler',
    kgCo2ePerUnit: 11,
    source:
      'Product carbon footprint as published in NICE patient decision aid "Asthma inhalers and climate change": ' +
      'approximate, published range 9–12 kgCO2e per inhaler',
    year: 2024,
  },
  {
    key: 'inhaler-dry-powder',
    category: 'inhalers',
    item: 'Dry-powder inhaler (e.g. Easyhaler, Accuhaler, Turbohaler)',
    unit: 'inhaler',
    kgCo2ePerUnit: 0.8,
    source:
      'Product carbon footprints as published in NICE patient decision aid "Asthma inhalers and climate change" ' +
      'and NHS England (Greener NHS) inhaler guidance: approximate, published range 0.5–1 kgCO2e per inhaler',
    year: 2024,
  },
  {
    key: 'inhaler-propellant-hfa-134a-kg',
    category: 'inhalers',
    item: 'Inhaler propellant HFA-134a (norflurane), released',
    unit: 'kg',
    kgCo2ePerUnit: 1300,
    source: `${AR5}: HFC-134a, 1,300`,
    year: 2024,
  },
  {
    key: 'inhaler-propellant-hfa-227ea-kg',
    category: 'inhalers',
    item: 'Inhaler propellant HFA-227ea (apaflurane), released',
    unit: 'kg',
    kgCo2ePerUnit: 3350,
    source: `${AR5}: HFC-227ea, 3,350`,
    year: 2024,
  },

  // Anaesthetic gases: per kg released, from their global warming potential; per bottle, derived from the volume
  // of liquid and its density.
  {
    key: 'gas-desflurane-kg',
    category: 'anaesthetic-gases',
    item: 'Desflurane, released',
    unit: 'kg',
    kgCo2ePerUnit: 2540,
    source: `${AR5}: desflurane (HFE-236ea2), 2,540`,
    year: 2024,
  },
  {
    key: 'gas-desflurane-bottle-240ml',
    category: 'anaesthetic-gases',
    item: 'Desflurane, 240 mL bottle, all released',
    unit: 'bottle (240 mL)',
    kgCo2ePerUnit: 893.06,
    source: `Derived: 240 mL × 1.465 g/mL (density of liquid desflurane) = 0.3516 kg × 2,540 (${AR5})`,
    year: 2024,
  },
  {
    key: 'gas-sevoflurane-kg',
    category: 'anaesthetic-gases',
    item: 'Sevoflurane, released',
    unit: 'kg',
    kgCo2ePerUnit: 216,
    source: `${AR5}: sevoflurane (HFE-347mmz1), 216`,
    year: 2024,
  },
  {
    key: 'gas-sevoflurane-bottle-250ml',
    category: 'anaesthetic-gases',
    item: 'Sevoflurane, 250 mL bottle, all released',
    unit: 'bottle (250 mL)',
    kgCo2ePerUnit: 82.08,
    source: `Derived: 250 mL × 1.52 g/mL (density of liquid sevoflurane) = 0.38 kg × 216 (${AR5})`,
    year: 2024,
  },
  {
    key: 'gas-isoflurane-kg',
    category: 'anaesthetic-gases',
    item: 'Isoflurane, released',
    unit: 'kg',
    kgCo2ePerUnit: 491,
    source: `${AR5}: isoflurane (HCFE-235da2), 491`,
    year: 2024,
  },
  {
    key: 'gas-isoflurane-bottle-250ml',
    category: 'anaesthetic-gases',
    item: 'Isoflurane, 250 mL bottle, all released',
    unit: 'bottle (250 mL)',
    kgCo2ePerUnit: 184.13,
    source: `Derived: 250 mL × 1.50 g/mL (density of liquid isoflurane) = 0.375 kg × 491 (${AR5})`,
    year: 2024,
  },
  {
    key: 'gas-nitrous-oxide-kg',
    category: 'anaesthetic-gases',
    item: 'Nitrous oxide (including the nitrous oxide in Entonox), released',
    unit: 'kg',
    kgCo2ePerUnit: 265,
    source: `${AR5}: nitrous oxide, 265`,
    year: 2024,
  },
  {
    key: 'gas-nitrous-oxide-1000-litres',
    category: 'anaesthetic-gases',
    item: 'Nitrous oxide gas, released',
    unit: '1,000 litres of gas',
    kgCo2ePerUnit: 495.55,
    source: `Derived: 1,000 L × 1.87 g/L (density of nitrous oxide gas at 15 °C and 1 atmosphere) = 1.87 kg × 265 (${AR5}): approximate`,
    year: 2024,
  },

  // Paper: DESNZ material use, production of the material.
  {
    key: 'paper-virgin-kg',
    category: 'paper',
    item: 'Paper, virgin fibre',
    unit: 'kg',
    kgCo2ePerUnit: 1.3450779,
    source: `${DESNZ_2025}, Material use: paper, paper and board: paper, primary material production, 1,345.0779 kgCO2e per tonne`,
    year: 2025,
  },
  {
    key: 'paper-recycled-kg',
    category: 'paper',
    item: 'Paper, recycled content',
    unit: 'kg',
    kgCo2ePerUnit: 1.0500779,
    source: `${DESNZ_2025}, Material use: paper, paper and board: paper, closed-loop source, 1,050.0779 kgCO2e per tonne`,
    year: 2025,
  },
  {
    key: 'paper-a4-ream-virgin',
    category: 'paper',
    item: 'A4 copier paper, 80 gsm, virgin fibre, ream of 500 sheets',
    unit: 'ream',
    kgCo2ePerUnit: 3.3557,
    source: `Derived: a ream of A4 80 gsm weighs 2.4948 kg (0.210 m × 0.297 m × 500 sheets × 80 g/m²) × 1,345.0779 kgCO2e per tonne (${DESNZ_2025}, Material use: paper, primary material production)`,
    year: 2025,
  },
  {
    key: 'paper-a4-ream-recycled',
    category: 'paper',
    item: 'A4 copier paper, 80 gsm, recycled, ream of 500 sheets',
    unit: 'ream',
    kgCo2ePerUnit: 2.6197,
    source: `Derived: a ream of A4 80 gsm weighs 2.4948 kg (0.210 m × 0.297 m × 500 sheets × 80 g/m²) × 1,050.0779 kgCO2e per tonne (${DESNZ_2025}, Material use: paper, closed-loop source)`,
    year: 2025,
  },

  // Single-use items. Material factors per kg are exact citations; per-item figures are approximate.
  {
    key: 'single-use-gloves-pair',
    category: 'single-use-items',
    item: 'Disposable examination gloves, pair',
    unit: 'pair',
    kgCo2ePerUnit: 0.053,
    source:
      `Derived from ${RIZAN_PPE}: leaving out its 1.8 billion gloves cut its 106,478 tCO2e by 45%, so ` +
      '0.45 × 106,478,000 kg ÷ 1,800,000,000 = 0.0266 kgCO2e per glove × 2 (material, manufacture, transport and ' +
      'high-temperature incineration): approximate',
    year: 2024,
  },
  {
    key: 'single-use-plastic-apron',
    category: 'single-use-items',
    item: 'Disposable plastic apron (polythene, about 10 g)',
    unit: 'apron',
    kgCo2ePerUnit: 0.02965,
    source:
      `Derived: 10 g × 2,965.0779 kgCO2e per tonne (${DESNZ_2025}, Material use: plastics: LDPE and LLDPE, ` +
      'primary material production); material only, so a lower bound: approximate',
    year: 2025,
  },
  {
    key: 'single-use-isolation-gown',
    category: 'single-use-items',
    item: 'Disposable isolation gown (polypropylene, about 60 g)',
    unit: 'gown',
    kgCo2ePerUnit: 0.15465,
    source:
      `Derived: 60 g × 2,577.5717 kgCO2e per tonne (${DESNZ_2025}, Material use: plastics: PP, primary material ` +
      'production); material only, so a lower bound: approximate',
    year: 2025,
  },
  {
    key: 'single-use-glass-vial',
    category: 'single-use-items',
    item: 'Glass vial, 10 mL (about 10 g of glass)',
    unit: 'vial',
    kgCo2ePerUnit: 0.014,
    source: `Derived: 10 g × 1,402.7667 kgCO2e per tonne (${DESNZ_2025}, Material use: other, glass, primary material production); glass only: approximate`,
    year: 2025,
  },
  {
    key: 'single-use-plastic-average-kg',
    category: 'single-use-items',
    item: 'Single-use plastic items, average plastics, by weight',
    unit: 'kg',
    kgCo2ePerUnit: 3.17249932,
    source: `${DESNZ_2025}, Material use: plastic, plastics: average plastics, primary material production, 3,172.49932 kgCO2e per tonne`,
    year: 2025,
  },
  {
    key: 'single-use-polypropylene-kg',
    category: 'single-use-items',
    item: 'Single-use polypropylene items (e.g. gowns, drapes, trays), by weight',
    unit: 'kg',
    kgCo2ePerUnit: 2.57757172,
    source: `${DESNZ_2025}, Material use: plastic, plastics: PP (incl. forming), primary material production, 2,577.57172 kgCO2e per tonne`,
    year: 2025,
  },
];
