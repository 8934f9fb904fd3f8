/**
 * The GridDuck developer guide's (seed 000) curl examples and example results, transcribed
 * verbatim (each command exactly as the guide prints it, "---" placeholders included).
 * seed-gridduck.test.ts checks they are still verbatim parts of the seed when the seed file is
 * reachable (../shared/seeds/ next to the repository), so that the replay cannot drift from it.
 */

/** "Gaining an Access token": the guide prints this one over four lines. */
export const TOKEN_CURL = String.raw`curl --request POST \
--url 'https://v2.api.gridduck.com/oauth/token' \
--header 'Authorization:Basic ---' \
--data 'grant_type=client_credentials&scope=site%3Aview+asset%3Aview+asset%3Aedit'`;

/** "Secured Requests": the asset list (flattened to one line by the web page). */
export const ASSET_LIST_CURL = String.raw`curl --request GET \ --url 'https://v2.api.gridduck.com/asset/' \ --header 'Authorization:Bearer ---'`;

/** "Next we might want to snooze an asset for 1 minute". */
export const SNOOZE_CURL = String.raw`curl --request PUT \ --url 'https://v2.api.gridduck.com/asset/7ff88487-27b0-4234-b48f-aff17f96770e' \ --header 'Content-Type: application/json' \ --header 'Authorization:Bearer ---' \ --data '{"snooze_finish": 60}'`;

/** The token request's "Result". */
export const TOKEN_RESULT = String.raw`{ "access_token": "---", "token_type": "Bearer", "expires_in": "---", "mfa_requires_setup": false, "refresh_token": null, "scope": "site:view asset:view asset:edit", "user": { "id": --- } }`;

/** The asset list's "Result". */
export const ASSET_LIST_RESULT = String.raw`{
"pagination": {
"offset": 0,
"limit": 25,
"total": 1
},
"links": {
"next": "http://v2.api.gridduck.com/asset?offset=25&limit=25",
"prev": null
},
"results": [
{
"children": [],
"tp_site_id": null,
"firmware_target": null,
"third_party_type": null,
"max_time_off": null,
"serial_no": null,
"min_time_on": null,
"interruptible": false,
"frequency_enabled": false,
"frequency_off_point": null,
"frequency_on_point": null,
"parent_asset": "---",
"clamp_size": null,
"tags": null,
"data_from": null,
"boost_finish": 0,
"snooze_finish": 0,
"lost": false,
"imp_kwh": null,
"current_state": "ON",
"created": "---",
"dr_rule_id": null,
"dr_profile_id": null,
"user_id": "---",
"overrides": null,
"id": "---",
"name": "Lamp",
"site_name": "GridDuck Office",
"currency": "£",
"price_per_kwh": "14",
"gateway_name": "Hub-369C",
"code": "---",
"simulated": false,
"simulated_from": null,
"gateway_id": "---",
"user_state": "ALWAYS_ON",
"timeswitch_id": null,
"site_id": "---",
"read_only": false,
"sku": "PLU-UK",
"trigger_rules": [],
"alert_rules": [],
"disconnected": false,
"gateway_disconnected": false,
"last_contacted": ---,
"consumption": 14,
"delivered": 515,
"asset_signal_strength": -74,
"site_currency": "£",
"site_price_per_kwh": "14",
"created_stamp": ---,
"_permission": "admin",
"boost_finish_stamp": 0,
"snooze_finish_stamp": 0
}
],
"request_id": "db478882-80c9-4320-9b88-f3bc97913c70"
}`;

/** Where the seed lives relative to the repository root, when it is there. */
export const SEED_PATH = '../shared/seeds/000_5e645a08dd97c31e.txt';
